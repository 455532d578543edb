/**
 * One commit of every output of a synth (Terraform stacks, GitOps trees, inventory). Everything is staged
 * first; then the renames that swap the staged trees in are written to a journal in the project
 * (`.homelab-synth.journal.json`) and carried out one by one, the journal recording each step. A run that
 * dies at any point leaves a journal; the next synth (or `recoverProject`) finishes the commit from the
 * recorded step, then removes backups and stale staging folders. A lock file (`.homelab-synth.lock`) keeps
 * a second synth of the same project out while one runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BusyError, describeIoError, ioFailure, isIoError, OutputError } from '../errors';

export const LOCK_FILE = '.homelab-synth.lock';
export const JOURNAL_FILE = '.homelab-synth.journal.json';

/** One rename of the commit, project-relative. */
export interface Step {
  readonly from: string;
  readonly to: string;
}

interface Journal {
  readonly version: 1;
  readonly steps: readonly Step[];
  /** Steps carried out (the next one may be done but not recorded yet). */
  readonly done: number;
  /** Removed once every step is done: the previous trees and staging leftovers. */
  readonly cleanup: readonly string[];
}

/** Takes the project's lock, or throws BusyError naming the process that holds it. Returns the release function. */
export function acquireLock(projectDir: string): () => void {
  const file = join(projectDir, LOCK_FILE);
  const body = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, body, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw ioFailure(err, file, true);
    }
    const holder = readHolder(file);
    if (holder && isAlive(holder)) {
      throw new BusyError(`another homelab synth (pid ${holder.pid} on ${holder.host}, started ${holder.started}) is writing to ${projectDir}; wait for it to finish, or remove ${file} if no synth is running`);
    }
    rmSync(file, { force: true }); // its process is gone: a stale lock
  }
  throw new BusyError(`could not take the lock ${file}; another synth started at the same moment: run again`);
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined; // unreadable or half-written by a process that died: stale
  }
}

function isAlive(h: Holder): boolean {
  if (h.host !== hostname()) return true; // cannot tell: assume it runs
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Test hook: `HOMELAB_TEST_CRASH_AFTER=N` kills the process after the N-th rename of a commit (0: before the journal). */
function crashPoint(n: number): void {
  const at = process.env.HOMELAB_TEST_CRASH_AFTER;
  if (at !== undefined && at !== '' && Number(at) === n) process.kill(process.pid, 'SIGKILL');
}

function writeJournal(projectDir: string, j: Journal): void {
  const file = join(projectDir, JOURNAL_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(j));
  renameSync(tmp, file);
}

function readJournal(projectDir: string): Journal | undefined {
  const file = join(projectDir, JOURNAL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    if (j.version === 1 && Array.isArray(j.steps) && typeof j.done === 'number' && isOurs(j)) return j;
  } catch {
    /* fall through */
  }
  throw new OutputError(`${file} is damaged; the last synth was interrupted. Check the output folders, remove the file and run synth again`, { unchanged: false });
}

/** A path synth writes in a journal: relative, inside the project (no `..` segment), not empty. */
const inProject = (p: unknown): boolean =>
  typeof p === 'string' && p !== '' && !isAbsolute(p) && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..');

/**
 * Only what synth itself records: renames inside the project, and the removal of its own backups
 * (`.<name>.tmp-<id>.old`, write-atomic.ts). A journal from anywhere else (e.g. committed to a repository that
 * `homelab diff` checks out in CI) must not rename or delete anything else.
 */
function isOurs(j: Journal): boolean {
  const backup = (p: string) => /^\.[^/\\]+\.tmp-[^/\\]+\.old$/.test(basename(p));
  return j.steps.every((s) => inProject(s?.from) && inProject(s?.to))
    && Array.isArray(j.cleanup) && j.cleanup.every((c) => inProject(c) && backup(c));
}

const rel = (projectDir: string, p: string) => relative(projectDir, p).split('\\').join('/');

/**
 * Carries out `steps` (absolute paths) as one commit; `cleanup` (absolute) is removed afterwards.
 * On an error the steps done are undone in reverse; if that fails too, the journal stays for the next run.
 */
export function commit(projectDir: string, steps: readonly Step[], cleanup: readonly string[]): void {
  const journal: Journal = {
    version: 1,
    steps: steps.map((s) => ({ from: rel(projectDir, s.from), to: rel(projectDir, s.to) })),
    done: 0,
    cleanup: cleanup.map((c) => rel(projectDir, c)),
  };
  crashPoint(0);
  try {
    writeJournal(projectDir, journal);
  } catch (err) {
    throw ioFailure(err, join(projectDir, JOURNAL_FILE), true);
  }
  let done = 0;
  try {
    for (const step of steps) {
      mkdirSync(dirname(step.to), { recursive: true });
      renameSync(step.from, step.to);
      done++;
      crashPoint(done);
      writeJournal(projectDir, { ...journal, done });
    }
  } catch (err) {
    rollBack(projectDir, journal, done, err);
  }
  finish(projectDir, journal);
}

function rollBack(projectDir: string, journal: Journal, done: number, cause: unknown): never {
  const failed = journal.steps[done];
  // Name the user's path of the step, not a staging folder.
  const path = failed ? resolve(projectDir, /\.tmp-/.test(failed.from) ? failed.to : failed.from) : undefined;
  try {
    for (let i = done - 1; i >= 0; i--) {
      const s = journal.steps[i]!;
      renameSync(resolve(projectDir, s.to), resolve(projectDir, s.from));
      writeJournal(projectDir, { ...journal, done: i });
    }
    rmSync(join(projectDir, JOURNAL_FILE), { force: true });
  } catch {
    throw new OutputError(`${ioFailure(cause, path, false).message}; the output is partly replaced: run homelab synth again to finish it`, { unchanged: false });
  }
  throw ioFailure(cause, path, true);
}

/** Removes what the commit replaced, then the journal. */
function finish(projectDir: string, journal: Journal): void {
  for (const c of journal.cleanup) rmSync(resolve(projectDir, c), { recursive: true, force: true });
  rmSync(join(projectDir, JOURNAL_FILE), { force: true });
}

/**
 * Completes an interrupted commit (from its journal) and removes stale staging beside `targets`
 * (`.<name>.tmp-*` folders and files). Call with the project's lock held. Returns what it did, for a note.
 */
export function recoverProject(projectDir: string, targets: readonly string[] = []): string[] {
  const notes: string[] = [];
  const journal = readJournal(projectDir);
  if (journal) {
    for (let i = journal.done; i < journal.steps.length; i++) {
      const s = journal.steps[i]!;
      const from = resolve(projectDir, s.from);
      const to = resolve(projectDir, s.to);
      // Only the first pending step can be done without being recorded (killed between rename and record).
      const alreadyDone = i === journal.done && !existsSync(from) && existsSync(to);
      try {
        if (!alreadyDone) {
          mkdirSync(dirname(to), { recursive: true });
          renameSync(from, to);
        }
        writeJournal(projectDir, { ...journal, done: i + 1 });
      } catch (err) {
        const why = isIoError(err) ? describeIoError(err) : (err as Error).message;
        throw new OutputError(`cannot finish the interrupted synth recorded in ${join(projectDir, JOURNAL_FILE)} (${why}); check ${s.from} and ${s.to}, then remove the journal and run synth again`, { unchanged: false });
      }
    }
    finish(projectDir, journal);
    notes.push(`completed the interrupted synth of ${projectDir} (${journal.steps.length - journal.done} step(s) left by it)`);
  }
  rmSync(join(projectDir, `${JOURNAL_FILE}.tmp`), { force: true });
  for (const target of targets) {
    const dir = dirname(target);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const name = basename(target);
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(`.${name}.tmp-`) || entry.startsWith(`${name}.tmp-`)) {
        rmSync(join(dir, entry), { recursive: true, force: true });
        notes.push(`removed stale staging ${rel(projectDir, join(dir, entry))}`);
      }
    }
  }
  return notes;
}

/** Takes the lock, completes an interrupted commit and removes stale staging; what `homelab synth` does first. */
export function recoverInterrupted(projectDir: string, targets: readonly string[] = []): string[] {
  const release = acquireLock(projectDir);
  try {
    return recoverProject(projectDir, targets);
  } finally {
    release();
  }
}
