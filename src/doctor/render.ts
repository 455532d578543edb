/** Renders a doctor report as a table (host, check, status, result; the fix under each problem) or JSON. */
import type { DoctorReport } from './runner';

const MARK = { pass: 'pass', warn: 'WARN', fail: 'FAIL' } as const;

export function renderDoctorText(report: DoctorReport): string {
  const rows = report.results.map((r) => [r.host, r.check, MARK[r.status], r.message, r.fix] as const);
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  const pad = (s: string, w: number) => s.padEnd(w);
  const indent = ' '.repeat(w0 + w1 + 4 + 6);
  const lines = [`${pad('HOST', w0)}  ${pad('CHECK', w1)}  STATUS  RESULT`];
  for (const [host, check, status, message, fix] of rows) {
    lines.push(`${pad(host, w0)}  ${pad(check, w1)}  ${pad(status, 6)}  ${message}`);
    if (fix) lines.push(`${indent}  fix: ${fix}`);
  }
  const { pass, warn, fail } = report.summary;
  lines.push('', `${report.lab}: ${pass} pass, ${warn} warn, ${fail} fail${fail > 0 ? '' : ' - the hosts match the profile'}`);
  return lines.join('\n');
}

export function renderDoctorJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2);
}
