/**
 * The code-rule triage ledger, re-measured: scans every repository of test/triage/repos.json that
 * is present under a clones folder (as <owner>+<name>/, extracted at the recorded commit), matches
 * the go/* and ts/* findings at warning/error level to the judged entries of
 * test/triage/ledger.jsonl, and prints per-rule precision, the findings nobody has judged yet, and
 * the judged findings that are gone.
 *
 * Usage: node --import tsx scripts/triage.ts <clones folder> [--strict] [--markdown] [--repo owner/name]...
 *          [--ledger FILE] [--repos FILE] [--missed FILE]
 *   --strict    exit 1 when a finding judged `true` is no longer reported (a lost true positive)
 *   --markdown  print the per-rule table as Markdown (for docs/validation/code-triage.md)
 *   --repo      only these repositories (repeatable)
 *   --missed    known false negatives (default test/triage/missed.jsonl): reported when a rule starts finding them
 * Exit: 0 (it is a report), 1 with --strict and a lost true positive, 2 on a usage or setup error.
 * Scans run one after another (`threatlint scan . --format json --fail-on none` in each clone).
 * See docs/validation/code-triage.md for how to rebuild the clones folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI_BIN = path.join(REPO_ROOT, 'bin', 'threatlint.js');
const CLI_BUNDLE = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
/** Findings within this many lines of a ledger entry (same repo, path and rule) still match it. */
const LINE_DRIFT = 3;
const VERDICTS = ['true', 'false', 'context'] as const;
type Verdict = (typeof VERDICTS)[number];
type Severity = 'error' | 'warning' | 'note';

interface RepoEntry {
  repo: string;
  commit: string;
  language: string;
  why: string;
  snapshot: string;
}

interface LedgerEntry {
  repo: string;
  commit: string;
  path: string;
  line: number;
  rule: string;
  severity: Severity;
  verdict: Verdict;
  reason: string;
  judged: string;
}

interface Finding {
  repo: string;
  path: string;
  line: number;
  rule: string;
  severity: Severity;
  message: string;
}

interface ScanJson {
  findings: { ruleId: string; severity: Severity; message: string; path: string; start: { line: number } }[];
}

interface Options {
  clones: string;
  strict: boolean;
  markdown: boolean;
  only: Set<string>;
  ledger: string;
  repos: string;
  missed: string;
}

interface RuleTally {
  findings: number;
  verdicts: Record<Verdict, number>;
  fresh: number;
  notes: number;
  noteVerdicts: Record<Verdict, number>;
}

/** A known false negative: a real (or by-the-letter) instance no rule reports yet. */
interface MissEntry {
  repo: string;
  commit: string;
  path: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
  judged: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    clones: '',
    strict: false,
    markdown: false,
    only: new Set(),
    ledger: path.join(REPO_ROOT, 'test', 'triage', 'ledger.jsonl'),
    repos: path.join(REPO_ROOT, 'test', 'triage', 'repos.json'),
    missed: path.join(REPO_ROOT, 'test', 'triage', 'missed.jsonl'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--strict') options.strict = true;
    else if (arg === '--markdown') options.markdown = true;
    else if (arg === '--repo') options.only.add(value());
    else if (arg === '--ledger') options.ledger = path.resolve(value());
    else if (arg === '--repos') options.repos = path.resolve(value());
    else if (arg === '--missed') options.missed = path.resolve(value());
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (options.clones) throw new UsageError('give one clones folder');
    else options.clones = path.resolve(arg);
  }
  if (!options.clones) throw new UsageError('usage: node --import tsx scripts/triage.ts <clones folder> [--strict] [--markdown] [--repo owner/name]');
  return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new UsageError(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}

function isSeverity(value: string): value is Severity {
  return value === 'error' || value === 'warning' || value === 'note';
}

function readRepos(file: string): RepoEntry[] {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new UsageError(`${file}: expected an array`);
  return data.map((item: unknown, i) => {
    const where = `${file}[${i}]`;
    if (!isRecord(item)) throw new UsageError(`${where}: expected an object`);
    const entry: RepoEntry = {
      repo: str(item, 'repo', where),
      commit: str(item, 'commit', where),
      language: str(item, 'language', where),
      why: str(item, 'why', where),
      snapshot: str(item, 'snapshot', where),
    };
    if (!/^[^/\s]+\/[^/\s]+$/.test(entry.repo)) throw new UsageError(`${where}: repo must be owner/name`);
    if (!/^[0-9a-f]{40}$/.test(entry.commit)) throw new UsageError(`${where}: commit must be 40 hex digits`);
    return entry;
  });
}

function readMissed(file: string): MissEntry[] {
  if (!fs.existsSync(file)) return [];
  return readLines(file).map(({ item, where }) => {
    const line = item.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) throw new UsageError(`${where}: "line" must be a positive integer`);
    const verdict = str(item, 'verdict', where);
    if (!isVerdict(verdict)) throw new UsageError(`${where}: verdict must be true, false or context`);
    return {
      repo: str(item, 'repo', where),
      commit: str(item, 'commit', where),
      path: str(item, 'path', where),
      line,
      rule: str(item, 'rule', where),
      verdict,
      reason: str(item, 'reason', where),
      judged: str(item, 'judged', where),
    };
  });
}

function readLines(file: string): { item: Record<string, unknown>; where: string }[] {
  const out: { item: Record<string, unknown>; where: string }[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      const where = `${path.basename(file)}:${i + 1}`;
      const item: unknown = JSON.parse(text);
      if (!isRecord(item)) throw new UsageError(`${where}: expected an object`);
      out.push({ item, where });
    });
  return out;
}

function readLedger(file: string): LedgerEntry[] {
  return readLines(file).map(({ item, where }) => {
    const line = item.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) throw new UsageError(`${where}: "line" must be a positive integer`);
    const verdict = str(item, 'verdict', where);
    if (!isVerdict(verdict)) throw new UsageError(`${where}: verdict must be true, false or context`);
    const severity = str(item, 'severity', where);
    if (!isSeverity(severity)) throw new UsageError(`${where}: severity must be error, warning or note`);
    const entry: LedgerEntry = {
      repo: str(item, 'repo', where),
      commit: str(item, 'commit', where),
      path: str(item, 'path', where),
      line,
      rule: str(item, 'rule', where),
      severity,
      verdict,
      reason: str(item, 'reason', where),
      judged: str(item, 'judged', where),
    };
    if (path.isAbsolute(entry.path) || entry.path.startsWith('..')) throw new UsageError(`${where}: path must be relative to the repository root`);
    return entry;
  });
}

function cloneDir(clones: string, repo: string): string {
  return path.join(clones, repo.replace('/', '+'));
}

/** The clone's own HEAD when it is a git checkout (extracted archives have none). */
function cloneHead(dir: string): string | undefined {
  if (!fs.existsSync(path.join(dir, '.git'))) return undefined;
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function scan(repo: string, dir: string): Finding[] {
  const r = spawnSync(process.execPath, [CLI_BIN, 'scan', '.', '--format', 'json', '--fail-on', 'none'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`scan of ${repo} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().slice(0, 500)}`);
  const data = JSON.parse(r.stdout) as ScanJson;
  return data.findings
    .filter((f) => /^(go|ts)\//.test(f.ruleId))
    .map((f) => ({
      repo,
      path: f.path.replace(/\\/g, '/').replace(/^\.\//, ''),
      line: f.start.line,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
    }));
}

function key(repo: string, file: string, rule: string): string {
  return `${repo}\u0000${file}\u0000${rule}`;
}

interface Match {
  matched: Map<Finding, LedgerEntry>;
  drifted: number;
}

/** Exact (path, rule, line) first, then the nearest unused entry within ±LINE_DRIFT lines. */
function match(findings: Finding[], ledger: LedgerEntry[]): Match {
  const byKey = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    const k = key(entry.repo, entry.path, entry.rule);
    byKey.set(k, [...(byKey.get(k) ?? []), entry]);
  }
  const used = new Set<LedgerEntry>();
  const matched = new Map<Finding, LedgerEntry>();
  for (const finding of findings) {
    const exact = byKey.get(key(finding.repo, finding.path, finding.rule))?.find((e) => e.line === finding.line && !used.has(e));
    if (exact) {
      used.add(exact);
      matched.set(finding, exact);
    }
  }
  let drifted = 0;
  for (const finding of findings) {
    if (matched.has(finding)) continue;
    const near = (byKey.get(key(finding.repo, finding.path, finding.rule)) ?? [])
      .filter((e) => !used.has(e) && Math.abs(e.line - finding.line) <= LINE_DRIFT)
      .sort((a, b) => Math.abs(a.line - finding.line) - Math.abs(b.line - finding.line))[0];
    if (near) {
      used.add(near);
      matched.set(finding, near);
      drifted++;
    }
  }
  return { matched, drifted };
}

function pct(numerator: number, denominator: number): string {
  return denominator === 0 ? '–' : `${Math.round((100 * numerator) / denominator)} %`;
}

function tallyFor(tallies: Map<string, RuleTally>, rule: string): RuleTally {
  let tally = tallies.get(rule);
  if (!tally) {
    tally = { findings: 0, verdicts: { true: 0, false: 0, context: 0 }, fresh: 0, notes: 0, noteVerdicts: { true: 0, false: 0, context: 0 } };
    tallies.set(rule, tally);
  }
  return tally;
}

function printTable(tallies: Map<string, RuleTally>, markdown: boolean): void {
  const header = ['rule', 'findings', 'true', 'false', 'context', 'new', 'precision', 'incl. context', 'notes', 'notes t/f/c'];
  const noteCell = (t: RuleTally) =>
    t.noteVerdicts.true + t.noteVerdicts.false + t.noteVerdicts.context === 0
      ? '–'
      : `${t.noteVerdicts.true}/${t.noteVerdicts.false}/${t.noteVerdicts.context}`;
  const row = (name: string, t: RuleTally): string[] => {
    const judged = t.verdicts.true + t.verdicts.false + t.verdicts.context;
    return [
      name,
      String(t.findings),
      String(t.verdicts.true),
      String(t.verdicts.false),
      String(t.verdicts.context),
      String(t.fresh),
      pct(t.verdicts.true, judged),
      pct(t.verdicts.true + t.verdicts.context, judged),
      String(t.notes),
      noteCell(t),
    ];
  };
  const rows: string[][] = [];
  const total: RuleTally = { findings: 0, verdicts: { true: 0, false: 0, context: 0 }, fresh: 0, notes: 0, noteVerdicts: { true: 0, false: 0, context: 0 } };
  for (const [rule, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(row(rule, t));
    total.findings += t.findings;
    total.fresh += t.fresh;
    total.notes += t.notes;
    for (const v of VERDICTS) {
      total.verdicts[v] += t.verdicts[v];
      total.noteVerdicts[v] += t.noteVerdicts[v];
    }
  }
  rows.push(row('all', total));
  if (markdown) {
    const md = (cells: string[]) => `| ${cells.join(' | ')} |`;
    console.log(md(header));
    console.log(md(header.map((_, i) => (i === 0 ? '---' : '---:'))));
    for (const row of rows) console.log(md(row.map((c, i) => (i === 0 && c !== 'all' ? `\`${c}\`` : row[0] === 'all' ? `**${c}**` : c))));
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function main(argv: string[]): number {
  let options: Options;
  try {
    options = parseArgs(argv);
    if (!fs.existsSync(CLI_BUNDLE)) throw new UsageError(`${path.relative(process.cwd(), CLI_BUNDLE)} is missing: run \`npm run build\` first`);
    if (!fs.statSync(options.clones, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${options.clones} is not a folder`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  let allRepos: RepoEntry[];
  let ledger: LedgerEntry[];
  let missed: MissEntry[];
  try {
    allRepos = readRepos(options.repos);
    ledger = readLedger(options.ledger);
    missed = readMissed(options.missed);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const repos = allRepos.filter((r) => options.only.size === 0 || options.only.has(r.repo));
  const unknownOnly = [...options.only].filter((r) => !allRepos.some((x) => x.repo === r));
  if (unknownOnly.length > 0) {
    console.error(`not in ${path.relative(process.cwd(), options.repos)}: ${unknownOnly.join(', ')}`);
    return 2;
  }

  const tallies = new Map<string, RuleTally>();
  const fresh: Finding[] = [];
  const lost: LedgerEntry[] = [];
  const missing: string[] = [];
  const failed: string[] = [];
  const nowFound: string[] = [];
  const stillMissed: MissEntry[] = [];
  let drifted = 0;
  let scanned = 0;
  for (const entry of repos) {
    const dir = cloneDir(options.clones, entry.repo);
    if (!fs.existsSync(dir)) {
      missing.push(entry.repo);
      continue;
    }
    const head = cloneHead(dir);
    if (head && head !== entry.commit) console.warn(`warning: ${entry.repo} is checked out at ${head}, the ledger was judged at ${entry.commit}`);
    const started = Date.now();
    let findings: Finding[];
    try {
      findings = scan(entry.repo, dir);
    } catch (error) {
      failed.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    scanned++;
    const ranked = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    const entries = ledger.filter((e) => e.repo === entry.repo);
    // Notes take part in matching (a judged warning that became a note is not lost) but are only
    // counted, and judged where the ledger has them.
    const result = match(findings, entries);
    drifted += result.drifted;
    for (const finding of findings) {
      const tally = tallyFor(tallies, finding.rule);
      const judged = result.matched.get(finding);
      if (finding.severity === 'note') {
        tally.notes++;
        if (judged) tally.noteVerdicts[judged.verdict]++;
        continue;
      }
      tally.findings++;
      if (judged) tally.verdicts[judged.verdict]++;
      else {
        tally.fresh++;
        fresh.push(finding);
      }
    }
    const kept = new Set(result.matched.values());
    for (const e of entries) if (!kept.has(e)) lost.push(e);
    for (const miss of missed.filter((m) => m.repo === entry.repo)) {
      const hit = findings.find((f) => f.rule === miss.rule && f.path === miss.path && Math.abs(f.line - miss.line) <= LINE_DRIFT);
      if (hit) nowFound.push(`${miss.repo} ${miss.path}:${miss.line} ${miss.rule} [${miss.verdict}] now reported as ${hit.severity}: ${miss.reason}`);
      else stillMissed.push(miss);
    }
    console.error(`scanned ${entry.repo}: ${ranked.length} warning/error finding(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const unknownRepos = [...new Set(ledger.map((e) => e.repo))].filter((r) => !allRepos.some((x) => x.repo === r));

  console.log(
    `\nThreatLint code-rule triage: ${scanned} of ${repos.length} repositories scanned, ${ledger.length} ledger entries` +
      (drifted ? `, ${drifted} matched with line drift (±${LINE_DRIFT})` : ''),
  );
  console.log('precision = true / judged; incl. context = (true + context) / judged; new = not in the ledger yet; notes are counted, not judged\n');
  printTable(tallies, options.markdown);

  if (fresh.length > 0) {
    console.log(`\nNew findings to judge (${fresh.length}):`);
    for (const f of fresh) console.log(`  ${f.repo} ${f.path}:${f.line} ${f.rule} ${f.severity}: ${f.message}`);
  }
  if (stillMissed.length > 0) {
    const byVerdict = (v: Verdict) => stillMissed.filter((m) => m.verdict === v).length;
    console.log(
      `\nKnown false negatives still not reported: ${stillMissed.length} (${byVerdict('true')} true, ${byVerdict('context')} context) — see ${path.relative(process.cwd(), options.missed)}`,
    );
  }
  if (nowFound.length > 0) {
    console.log(`\nKnown false negatives now reported (${nowFound.length}):`);
    for (const f of nowFound) console.log(`  ${f}`);
  }
  const lostTrue = lost.filter((e) => e.verdict === 'true');
  if (lost.length > 0) {
    console.log(`\nLedger entries no longer found (${lost.length}):`);
    for (const e of lost)
      console.log(`  ${e.verdict === 'true' ? 'LOST TRUE POSITIVE ' : ''}${e.repo} ${e.path}:${e.line} ${e.rule} [${e.verdict}] ${e.reason}`);
  }
  if (lostTrue.length > 0) console.log(`\n!!! ${lostTrue.length} finding(s) judged true are no longer reported: a rule change lost real instances.`);
  if (missing.length > 0) console.log(`\nNot under ${options.clones} (skipped, their entries not checked): ${missing.join(', ')}`);
  if (unknownRepos.length > 0) console.log(`\nLedger entries for repositories missing from repos.json: ${unknownRepos.join(', ')}`);
  if (failed.length > 0) {
    console.log(`\nScans that failed (${failed.length}):`);
    for (const f of failed) console.log(`  ${f}`);
  }
  return options.strict && lostTrue.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
