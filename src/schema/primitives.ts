/** Small zod schemas shared by the profile sections: names, addresses, sizes. */
import { z } from 'zod';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IP = `${OCTET}(\\.${OCTET}){3}`;
const PREFIX = '(3[0-2]|[12]?\\d)';

/** A key used in Terraform addresses and Kubernetes names: lower-case DNS label. */
export const name = z
  .string()
  .regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a lower-case DNS label starting with a letter (a-z, 0-9, "-"), e.g. "worker-1"');

// Regexes rather than refinements, so the JSON Schema for editors checks the same thing.
export const ipv4 = z.string().regex(new RegExp(`^${IP}$`), 'must be an IPv4 address such as 10.10.0.10');

export const cidr = z.string().regex(new RegExp(`^${IP}/${PREFIX}$`), 'must be an IPv4 network in CIDR form such as 10.10.0.0/24');

/** `10.10.0.41` or `10.10.0.41/24`; without a prefix the network's prefix is used. */
export const hostAddress = z
  .string()
  .regex(new RegExp(`^${IP}(/${PREFIX})?$`), 'must be an IPv4 address, optionally with a prefix, such as 10.10.0.41 or 10.10.0.41/24');

export const mac = z
  .string()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, 'must be a MAC address such as 02:00:00:01:c2:00');

/** PCI address `0000:0d:00` (all functions) or `0000:0d:00.0`; the domain `0000:` may be left out. */
export const pciAddress = z
  .string()
  .regex(/^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}(\.[0-7])?$/, 'must be a PCI address such as 0000:0d:00.0');

/** `vendor:device` in hex, as `lspci -nn` prints it. */
export const pciId = z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, 'must be vendor:device in hex, such as 10de:1bb1');

export const vmId = z.number().int().min(100).max(999_999_999);

export const url = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL');

/** A semantic version with a leading v, as Talos and Kubernetes print them: `v1.13.0`. */
export const version = z.string().regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a version such as v1.13.0');

export const positiveInt = z.number().int().positive();
