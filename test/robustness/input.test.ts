/**
 * The profile loader never crashes, hangs or stays silent on bad input: each bad profile of the corpus is a
 * ProfileError whose problem names the file, the line and a fix; `homelab validate` exits 1 on it without a
 * stack trace. Covers YAML aliases and alias bombs, includes (outside the project, devices, lists, missing),
 * tags, encodings, empty files, sizes, positions (dotted keys, unclosed quotes) and capped, collapsed lists.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { fixOf, MAX_PRINTED_PROBLEMS, ProfileError, type ProfileProblem } from '../../src/errors';
import { loadLab } from '../../src/model/load';
import { MAX_PROFILE_BYTES } from '../../src/schema/yaml-source';
import { validate } from '../../src/validate/validate';

const HOST = `hosts:
  pve:
    address: 10.0.0.2
    cpuThreads: 8
    memoryMiB: 32768
    storage:
      local-lvm: { type: lvmthin, content: [images, rootdir] }
    bridges:
      vmbr0: { cidr: 10.0.0.0/24, gateway: 10.0.0.1 }
`;
const vm = (name: string, id: number) => `  ${name}: { vmId: ${id}, host: pve, nics: [{ bridge: vmbr0, address: 10.0.0.${(id % 200) + 20} }], disks: [{ storage: local-lvm, sizeGiB: 8 }] }\n`;

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project folder (the current directory holds it, so includes are checked against it) with files. */
function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(process.cwd(), 'dist', '.robust-input-'));
  made.push(dir);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return join(dir, 'profile.yaml');
}

function problemsOf(profile: string): ProfileProblem[] {
  try {
    loadLab(profile);
  } catch (err) {
    assert.ok(err instanceof ProfileError, `expected a ProfileError, got ${(err as Error)?.stack}`);
    return [...err.problems];
  }
  assert.fail('the profile was accepted');
}

interface Case {
  readonly name: string;
  readonly files: () => Record<string, string | Buffer>;
  /** Expected file name (end of path), line, message pattern. */
  readonly file: string;
  readonly line: number;
  readonly message: RegExp;
  readonly path?: string;
}

const CASES: Case[] = [
  { name: 'an alias to nowhere', files: () => ({ 'profile.yaml': `name: lab\nhosts: *nowhere\n` }), file: 'profile.yaml', line: 2, message: /alias \*nowhere refers to no anchor/ },
  { name: 'a merge key from an unknown anchor', files: () => ({ 'profile.yaml': `name: lab\n${HOST}vms:\n  web:\n    <<: *base\n` }), file: 'profile.yaml', line: 13, message: /alias \*base refers to no anchor/ },
  {
    name: 'an alias bomb',
    files: () => ({ 'profile.yaml': `name: lab\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n` }),
    file: 'profile.yaml', line: 3, message: /aliases expand to too many nodes .*alias bomb/,
  },
  { name: 'include: [/dev/zero]', files: () => ({ 'profile.yaml': `name: lab\ninclude:\n  - /dev/zero\n${HOST}` }), file: 'profile.yaml', line: 3, message: /include "\/dev\/zero" resolves to \/dev\/zero, outside the project/, path: 'include[0]' },
  { name: 'include: [/etc/passwd]', files: () => ({ 'profile.yaml': `name: lab\ninclude: [/etc/passwd]\n${HOST}` }), file: 'profile.yaml', line: 2, message: /outside the project/, path: 'include[0]' },
  { name: 'include of ../ outside the project', files: () => ({ 'profile.yaml': `name: lab\ninclude: [../../../../../../../../etc/hostname]\n${HOST}` }), file: 'profile.yaml', line: 2, message: /outside the project/ },
  { name: 'an included file that is a list', files: () => ({ 'profile.yaml': `name: lab\ninclude: [vms.yaml]\n${HOST}`, 'vms.yaml': '- web\n- db\n' }), file: 'vms.yaml', line: 1, message: /the file is a list; a profile part must be a mapping/ },
  { name: 'a missing include names its line', files: () => ({ 'profile.yaml': `name: lab\n${HOST}include:\n  - parts/a.yaml\n  - parts/missing.yaml\n`, 'parts/a.yaml': 'description: a\n' }), file: 'profile.yaml', line: 13, message: /cannot read .*missing\.yaml: no such file/, path: 'include[1]' },
  { name: 'an unknown tag', files: () => ({ 'profile.yaml': `name: lab\ndescription: !vault secret/lab\n${HOST}` }), file: 'profile.yaml', line: 2, message: /unknown or unsupported tag !vault/ },
  { name: 'a !!binary tag', files: () => ({ 'profile.yaml': `name: lab\ndescription: !!binary aGVsbG8=\n${HOST}` }), file: 'profile.yaml', line: 2, message: /unsupported tag !!binary/ },
  { name: 'invalid UTF-8', files: () => ({ 'profile.yaml': Buffer.concat([Buffer.from(`name: lab\ndescription: caf`), Buffer.from([0xe9]), Buffer.from(`\n${HOST}`)]) }), file: 'profile.yaml', line: 2, message: /invalid UTF-8 at byte offset 26 \(byte 0xe9\)/ },
  { name: 'an empty file', files: () => ({ 'profile.yaml': '' }), file: 'profile.yaml', line: 1, message: /the file is empty/ },
  { name: 'a whitespace-only file', files: () => ({ 'profile.yaml': '  \n\t\n  ' }), file: 'profile.yaml', line: 1, message: /the file is empty/ },
  { name: 'a CR-only file', files: () => ({ 'profile.yaml': '\r\r\r' }), file: 'profile.yaml', line: 1, message: /the file is empty/ },
  { name: 'a comments-only file', files: () => ({ 'profile.yaml': '# nothing yet\n' }), file: 'profile.yaml', line: 1, message: /holds no fields/ },
  { name: 'a list as the profile', files: () => ({ 'profile.yaml': '- a\n- b\n' }), file: 'profile.yaml', line: 1, message: /the file is a list/ },
  { name: 'a file above the size limit', files: () => ({ 'profile.yaml': `name: lab\ndescription: "${'x'.repeat(MAX_PROFILE_BYTES)}"\n` }), file: 'profile.yaml', line: 0, message: /above the limit of \d+ bytes/ },
  { name: 'an unclosed quote is reported where it opens', files: () => ({ 'profile.yaml': `name: lab\ndescription: "never closed\n${HOST}` }), file: 'profile.yaml', line: 2, message: /Missing closing "quote/ },
  { name: 'a conflict names the root file as the first definition', files: () => ({ 'profile.yaml': `name: lab\ninclude: [more.yaml]\n${HOST}`, 'more.yaml': 'name: other\n' }), file: 'more.yaml', line: 1, message: /defined in both \S*profile\.yaml and \S*more\.yaml/ },
  { name: 'a key containing a dot is placed at its own line', files: () => ({ 'profile.yaml': `name: lab\n${HOST}vms:\n${vm('web', 300)}  my.vm: { vmId: 301, host: pve, nics: [{ bridge: vmbr0 }], disks: [{ storage: local-lvm, sizeGiB: 8 }] }\n` }), file: 'profile.yaml', line: 13, message: /invalid name "my\.vm"/ },
  { name: 'a wrong type has a fix', files: () => ({ 'profile.yaml': `name: lab\n${HOST}vms:\n  web: { vmId: 300, host: pve, memoryMiB: lots, nics: [{ bridge: vmbr0 }], disks: [{ storage: local-lvm, sizeGiB: 8 }] }\n` }), file: 'profile.yaml', line: 12, message: /expected number, got "lots"/, path: 'vms.web.memoryMiB' },
];

describe('robustness: bad profiles are clean problems with file, line and fix', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const profile = project(c.files());
      const problems = problemsOf(profile);
      const hit = problems.find((p) => c.message.test(p.message));
      assert.ok(hit, `no problem matches ${c.message}: ${JSON.stringify(problems)}`);
      assert.ok(hit.file?.endsWith(c.file), `file ${hit.file}`);
      if (c.line) assert.equal(hit.line, c.line, JSON.stringify(hit));
      if (c.path) assert.equal(hit.path, c.path);
      for (const p of problems) assert.ok(p.fix && p.fix.length > 0, `no fix: ${JSON.stringify(p)}`);
      const out: string[] = [];
      const err: string[] = [];
      assert.equal(await run(['node', 'homelab', 'validate', '-p', profile], { out: (l) => out.push(l), err: (l) => err.push(l) }), 1);
      assert.doesNotMatch(err.join('\n'), /internal error|\n\s+at /);
      for (const line of err) assert.ok(line.length < 400, `a short line: ${line.slice(0, 80)}...`);
    });
  }

  it('includes are checked against --project when the profile is outside the current directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-proj-'));
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'common'));
    writeFileSync(join(dir, 'profiles', 'lab.yaml'), `name: lab\ninclude: [../common/hosts.yaml]\n`);
    writeFileSync(join(dir, 'common', 'hosts.yaml'), HOST);
    const ok = await validate({ profile: join(dir, 'profiles', 'lab.yaml'), projectDir: dir });
    assert.equal(ok.errors, 0);
    // Without the project, the profile's folder is the boundary.
    assert.match(problemsOf(join(dir, 'profiles', 'lab.yaml'))[0]!.message, /outside the project/);
  });

  it('a file of an included folder that links out of the project is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-proj-'));
    const outside = mkdtempSync(join(tmpdir(), 'homelab-outside-'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(outside, 'evil.yaml'), HOST);
    symlinkSync(join(outside, 'evil.yaml'), join(dir, 'shared', 'evil.yaml'));
    writeFileSync(join(dir, 'lab.yaml'), 'name: lab\ninclude: [shared/]\n');
    const result = await validate({ profile: join(dir, 'lab.yaml'), projectDir: dir }).catch((e: Error) => e);
    assert.ok(result instanceof Error, 'refused');
    assert.match(result.message, /include "shared\/" holds .*evil\.yaml, which resolves to .*outside the project/);
  });

  it('an included FIFO is refused as not a regular file (never read)', (t) => {
    const profile = project({ 'profile.yaml': `name: lab\ninclude: [pipe.yaml]\n${HOST}` });
    const r = spawnSync('mkfifo', [join(profile, '..', 'pipe.yaml')]);
    if (r.status !== 0) return t.skip('mkfifo is not available here');
    const [p] = problemsOf(profile);
    assert.match(p!.message, /pipe\.yaml is not a regular file/);
    assert.equal(p!.line, 2);
  });

  it('a deeply nested document gives a short caret line', () => {
    const profile = project({ 'profile.yaml': `name: lab\nx: ${'['.repeat(40000)}\n` });
    for (const p of problemsOf(profile)) assert.ok(formatLength(p) < 400, `${formatLength(p)} characters`);
  });

  it('thousands of the same problem print as one line with a count; lists are capped', async () => {
    const vms = Array.from({ length: 3000 }, (_, i) => `  vm-${i}: { vmId: ${1000 + i}, host: nope, nics: [{ bridge: vmbr0 }], disks: [{ storage: local-lvm, sizeGiB: 8 }] }\n`).join('');
    const profile = project({ 'profile.yaml': `name: lab\n${HOST}vms:\n${vms}` });
    const err: string[] = [];
    assert.equal(await run(['node', 'homelab', 'validate', '-p', profile], { out: () => {}, err: (l) => err.push(l) }), 1);
    const lines = err.join('\n').split('\n');
    assert.ok(lines.length <= MAX_PRINTED_PROBLEMS + 2, `${lines.length} lines`);
    assert.ok(lines.some((l) => /\(the same at \d+ more place\(s\): vms\.vm-1\.host/.test(l)), lines.slice(0, 3).join('\n'));
  });

  it('garbage YAML gives capped syntax errors', () => {
    const profile = project({ 'profile.yaml': `name: lab\n${'  - : ] } { [ "\n'.repeat(20000)}` });
    const problems = problemsOf(profile);
    assert.ok(problems.length <= 21, `${problems.length} problems`);
  });
});

function formatLength(p: ProfileProblem): number {
  return `${p.message}; fix: ${fixOf(p)}`.length;
}
