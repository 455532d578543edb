/** IPv4 helpers: pure functions, no dependencies. */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(ipToInt(ip!) / size) * size, prefix };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= c.network && n < c.network + 2 ** (32 - c.prefix);
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const xEnd = x.network + 2 ** (32 - x.prefix);
  const yEnd = y.network + 2 ** (32 - y.prefix);
  return x.network < yEnd && y.network < xEnd;
}

/** `10.10.0.41/24` -> { ip: '10.10.0.41', prefix: 24 }; a bare address gets `fallbackPrefix`. */
export function splitAddress(address: string, fallbackPrefix?: number): { ip: string; prefix: number | undefined } {
  const [ip, bits] = address.split('/');
  return { ip: ip!, prefix: bits !== undefined ? Number(bits) : fallbackPrefix };
}
