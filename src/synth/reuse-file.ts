/**
 * Unchanged output files are not written again: when the file synth is about to stage already holds exactly
 * that text in the current tree, the staging gets a hard link to it (one link(2) instead of creating and
 * writing a file, and no dirty pages to flush). The staged tree is still complete, so the journaled swap
 * (journal.ts) and the ownership manifest (ownership.ts) work as before; removing the previous tree after the
 * commit only drops the second name of such files. Anything else — no such file, other text, not a regular
 * file, a file system without hard links — is written as usual.
 */
import { linkSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';

/** Writes `text` to `file`, or links `current` there when it is a regular file with exactly that text. */
export function writeOrReuse(file: string, text: string, current: string | undefined): 'written' | 'linked' {
  if (current !== undefined && sameText(current, text)) {
    try {
      linkSync(current, file);
      return 'linked';
    } catch {
      // No hard links here (or a race with the file): write it.
    }
  }
  writeFileSync(file, text);
  return 'written';
}

function sameText(file: string, text: string): boolean {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.nlink !== 1 || st.size !== Buffer.byteLength(text)) return false;
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}
