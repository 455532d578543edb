/** Why an SSH connection to a host failed, with the change that fixes it. */
export type SshErrorKind = 'unreachable' | 'timeout' | 'auth' | 'hostkey-unknown' | 'hostkey-changed';

export class SshError extends Error {
  override readonly name = 'SshError';
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    /** What to do about it. */
    readonly fix: string,
  ) {
    super(message);
  }
}
