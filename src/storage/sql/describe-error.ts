/** A one-line reason for a driver error (Node's AggregateError of a refused dual-stack connect has an empty message). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(describeError).join('; ');
  }
  if (error instanceof Error) {
    const code = Reflect.get(error, 'code');
    const message = error.message || (typeof code === 'string' ? code : error.name);
    return message.replaceAll(/\s*\n\s*/g, ' ');
  }
  return String(error);
}
