/** Exit codes of the CLI, decided in one place (`main.ts`). */
export const EXIT = {
  ok: 0,
  /** The profile is invalid or validation found errors. */
  invalid: 1,
  /** `homelab diff`: there are changes (like `terraform plan -detailed-exitcode`); `homelab synth --check`: committed output is stale. */
  changes: 2,
  /** Output could not be written (a file system error, or another synth holds the project's lock). */
  output: 3,
  /** An external tool (talosctl, terraform) is missing or one of its steps failed (`homelab upgrade`). */
  tool: 4,
  /** Wrong command line. */
  usage: 64,
  /** A bug: please report it with the stack trace. */
  internal: 70,
} as const;
