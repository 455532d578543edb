/** Collects profile problems so one run reports all of them. */
import { ProfileError, type ProfileProblem } from '../errors';

export class Problems {
  readonly list: ProfileProblem[] = [];

  add(path: string, message: string, fix?: string): void {
    this.list.push({ path, message, fix });
  }

  /** Throws a ProfileError when anything was added. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new ProfileError(this.list);
  }
}
