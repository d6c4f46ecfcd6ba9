/** Whether `path` lies under one of the prefixes (a prefix of `''` owns every path). */
export function isUnderPrefixes(path: string, prefixes: readonly string[]): boolean {
  const pathname = path.split('?', 1)[0] ?? path;
  return prefixes.some(
    (prefix) => prefix === '' || pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}
