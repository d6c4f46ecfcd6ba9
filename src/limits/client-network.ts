import { isIPv6 } from 'node:net';

/**
 * The client a per-IP limit or the lockout counts under: the address itself for IPv4, and
 * its /64 network for IPv6. A single subscriber is routinely given a whole /64 and may pick
 * any address in it, so counting IPv6 addresses one by one would give every client 2^64
 * budgets. No address at all is one shared client, `unknown`.
 */
export function clientNetwork(ip: string | null): string {
  if (ip === null) return 'unknown';
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip);
  return groups === null ? ip : `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, each as lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] | null {
  let text = address;
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1];
  if (tail !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [
    ...left,
    ...Array.from({ length: rest === undefined ? 0 : missing }, () => '0'),
    ...right,
  ];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
