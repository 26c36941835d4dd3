import * as path from 'node:path';
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { DockerfileParser } from 'dockerfile-ast';
import { defaultConfig, type ThreatLintConfig } from './config';
import { BudgetExceeded, endBudget, startBudget } from './budget';
import { errorsAfter, syntaxErrorCount, withholdHarmfulFixes } from './fixCheck';
import { MAX_NESTING_DEPTH, nestingDepth } from './nesting';
import { familyOf, grammarOf, type FileFamily } from './languages';
import { LineIndex } from './lineIndex';
import { loadTreeSitter, type TreeSitterParsers } from './parsers/treeSitter';
import { parseYaml } from './parsers/yaml';
import { attachMemo, createMemo, type Memo } from './memo';
import { formatMessage } from './messages';
import { applyPeerSuppressions, findPeerSuppressions } from './peerSuppressions';
import { inScope } from './scope';
import { applySuppressions, findSuppressions, runPass } from './suppressions';
import type { Finding, Language, OffsetRange, ParsedFile, Rule, RuleScope, Severity } from './types';

/** Describes what is at an offset of a parsed file, as Markdown (for hovers). */
export type HoverProvider = (file: ParsedFile, offset: number) => string | undefined;

export interface AnalyzeInput {
  path: string;
  text: string;
  /** Overrides detection by name, e.g. an editor's language id mapped through LANGUAGE_IDS. */
  family?: ReturnType<typeof familyOf>;
  /**
   * The project or workspace root the file belongs to (absolute, like `path`). Test code is then
   * judged on the path relative to it (a `test/` or `e2e/` folder anywhere in the project);
   * without it, only on the file's name and own folder.
   */
  root?: string;
}

/** Something the user should know about the analysis itself: a skipped file, a parse error, a failed rule. */
export interface Notice {
  message: string;
  range?: OffsetRange;
}

export interface AnalysisResult {
  /** Undefined when ThreatLint has no rules for the file (or skipped it). */
  language?: Language;
  findings: Finding[];
  notices: Notice[];
  /** Milliseconds spent parsing and checking. */
  durationMs: number;
}

/** Time one rule may spend on one file before it is stopped with a notice. */
export const RULE_BUDGET_MS = 1_000;

/** Lines longer than this mark minified or generated code, which is skipped rather than analysed slowly. */
export const MAX_LINE_LENGTH = 20_000;

/**
 * The one engine used by the language server, the CLI and the tests. `analyze` is
 * synchronous and never throws: a failure becomes a notice, and the findings of
 * everything that did work are still returned.
 */
export class Engine {
  /** Rule id → the rule ids its findings supersede (RuleMeta.supersedes). */
  private readonly supersedes: ReadonlyMap<string, readonly string[]>;

  private constructor(
    readonly rules: readonly Rule[],
    private readonly trees: TreeSitterParsers,
  ) {
    this.supersedes = new Map(rules.filter((r) => r.meta.supersedes?.length).map((r) => [r.meta.id, r.meta.supersedes ?? []]));
  }

  static async create(rules: readonly Rule[]): Promise<Engine> {
    return new Engine(rules, await loadTreeSitter());
  }

  /**
   * `checkFixes: false` skips re-parsing each fix (see fixCheck.ts): the language server checks
   * a fix when the user asks for code actions (`fixBreaksSyntax`), not on every keystroke.
   */
  analyze(input: AnalyzeInput, config: ThreatLintConfig = defaultConfig(), options: { checkFixes?: boolean } = {}): AnalysisResult {
    const started = performance.now();
    const notices: Notice[] = [];
    const { text } = input;
    const analysed = this.withParsedFile(input, { maxFileSize: config.maxFileSize, nesting: true, notices }, (parsed, lines, memo) => {
      const failed = new Set<string>();
      // Test code and imports are judged once per file, for every rule and pass.
      const applies = inScope(parsed, relativeTo(input.root, input.path));
      const findings = this.dropSuperseded(this.runRules(parsed, config, notices, failed, memo, applies), lines);
      const comments = findSuppressions(text, lines);
      const used = applySuppressions(findings, comments, lines, config.today);
      // Peers' comments (golangci-lint, gosec, semgrep) suppress code rules; they are never stale.
      if (parsed.kind === 'tree') {
        const go = parsed.language === 'go';
        const root = parsed.tree.rootNode;
        applyPeerSuppressions(findings, findPeerSuppressions(text, lines, { go, extentAt: go ? (offset) => nodeStartingAt(root, offset) : undefined }), lines);
      }
      for (const rule of this.rules) {
        if (!rule.pass || !this.applies(rule, parsed, config, applies)) continue;
        // Only the engine knows which comments covered a finding and which rules ran.
        const known = new Set(this.rules.map((r) => r.meta.id));
        const stateOf = (id: string) => (config.rules[id] === 'off' || failed.has(id) ? 'off' : known.has(id) ? 'ran' : 'unknown');
        const configured = config.rules[rule.meta.id];
        const severity = configured === undefined || configured === 'off' ? rule.meta.severity : configured;
        for (const passed of runPass(rule.pass, { comments, used, text, lines, stateOf })) {
          const report = formatMessage(rule.meta, passed);
          findings.push({ ruleId: rule.meta.id, severity, messageId: report.messageId, message: report.message, range: report.range, fix: report.fix });
        }
      }
      try {
        if (options.checkFixes !== false) withholdHarmfulFixes(parsed, findings, this.trees);
      } catch (error) {
        notices.push({ message: `fixes could not be checked and are withheld: ${errorMessage(error)}` });
        for (const finding of findings) finding.fix = undefined;
      }
      findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
      return { language: parsed.language, findings };
    });
    return {
      language: analysed?.language,
      findings: analysed?.findings ?? [],
      // Parsers may place an error just past the end (an unclosed `{` at EOF): keep ranges inside.
      notices: notices.map((n) => (n.range ? { ...n, range: clampRange(n.range, text.length) } : n)),
      durationMs: performance.now() - started,
    };
  }

  /**
   * A check for fixes of `input`: whether a fixed text parses with more syntax errors than the
   * input. The input is parsed once, on the first call, however many fixes are checked.
   */
  fixBreaksSyntax(input: AnalyzeInput): (fixedText: string) => boolean {
    let before: { file: ParsedFile; errors: number } | null | undefined;
    // The tree goes after counting: errorsAfter needs only the file's language, not its tree.
    const baseline = () =>
      this.withParsedFile(input, { maxFileSize: Number.POSITIVE_INFINITY, nesting: false, notices: [], skipDockerfiles: true }, (file) => ({
        file,
        errors: syntaxErrorCount(file),
      })) ?? null;
    return (fixedText) => {
      if (before === undefined) before = baseline();
      if (!before) return false;
      try {
        return errorsAfter(before.file, fixedText, this.trees) > before.errors;
      } catch {
        return true;
      }
    };
  }

  /**
   * Markdown describing what is at `offset` beyond findings (e.g. a container's effective
   * security context), from the hover providers of the file's language.
   */
  describe(input: AnalyzeInput, offset: number, providers: readonly HoverProvider[]): string | undefined {
    return this.withParsedFile(input, { maxFileSize: Number.POSITIVE_INFINITY, nesting: true, notices: [] }, (parsed) => {
      try {
        startBudget(RULE_BUDGET_MS);
        for (const provider of providers) {
          const markdown = provider(parsed, offset);
          if (markdown) return markdown;
        }
        return undefined;
      } catch {
        return undefined;
      } finally {
        endBudget();
      }
    });
  }

  /**
   * The one parse/skip/dispose lifecycle: skips files that are too big, binary, minified or (with
   * `nesting`) nest too deeply, with a notice; parses the rest once; hands the file and a fresh
   * per-analysis memo to `use`; then frees the native trees and drops the memo, whatever `use` did.
   * Undefined when the file was skipped or did not parse.
   */
  private withParsedFile<T>(
    input: AnalyzeInput,
    limits: { maxFileSize: number; nesting: boolean; notices: Notice[]; skipDockerfiles?: boolean },
    use: (file: ParsedFile, lines: LineIndex, memo: Memo) => T,
  ): T | undefined {
    const family = input.family ?? familyOf(input.path);
    if (!family || (limits.skipDockerfiles && family === 'dockerfile')) return undefined;
    const { text } = input;
    const skip = skipReason(text, limits.maxFileSize) ?? (limits.nesting ? nestingReason(text, family) : undefined);
    if (skip) {
      limits.notices.push({ message: skip, range: { start: 0, end: 0 } });
      return undefined;
    }
    const lines = new LineIndex(text);
    // Native resources of this analysis (tree-sitter trees live in WASM memory).
    const disposers: (() => void)[] = [];
    const parsed = this.parse(input.path, text, family, lines, limits.notices, disposers);
    if (!parsed) return undefined;
    const memo = createMemo();
    const detach = attachMemo(parsed.kind === 'tree' ? [parsed, parsed.tree] : [parsed], memo);
    try {
      return use(parsed, lines, memo);
    } finally {
      detach();
      if (parsed.kind === 'tree') parsed.tree.delete();
      for (const dispose of disposers) dispose();
    }
  }

  /** Parses once with the language's parser; failures become notices. The caller deletes tree-sitter trees. */
  private parse(filePath: string, text: string, family: FileFamily, lines: LineIndex, notices: Notice[], disposers: (() => void)[]): ParsedFile | undefined {
    try {
      if (family === 'yaml') {
        const yaml = parseYaml(filePath, text);
        const firstError = yaml.docs.flatMap((d) => d.errors)[0];
        if (yaml.language && firstError) {
          notices.push({
            message: `YAML syntax error (${firstError.message.split('\n')[0]}); findings cover only what parsed`,
            range: { start: firstError.pos[0], end: firstError.pos[1] },
          });
        }
        return yaml.language && { kind: 'yaml', language: yaml.language, path: filePath, text, docs: yaml.docs, templated: yaml.templated };
      }
      if (family === 'dockerfile') {
        const dockerfile = DockerfileParser.parse(text);
        const trees = this.trees;
        // Several rules read the same RUN commands: parse each distinct one once per analysis.
        const shellTrees = new Map<string, Tree>();
        disposers.push(() => {
          for (const tree of shellTrees.values()) tree.delete();
        });
        return {
          kind: 'dockerfile',
          language: 'dockerfile',
          path: filePath,
          text,
          dockerfile,
          offsetAt: (p) => lines.offsetAt(p),
          withShellSyntax(shellText, read) {
            let tree = shellTrees.get(shellText);
            if (!tree) {
              tree = trees.parse('bash', shellText);
              shellTrees.set(shellText, tree);
            }
            return read(tree.rootNode);
          },
        };
      }
      const grammar = grammarOf(filePath, family);
      return { kind: 'tree', language: family, grammar, path: filePath, text, tree: this.trees.parse(grammar, text) };
    } catch (error) {
      notices.push({ message: `could not parse the file: ${errorMessage(error)}` });
      return undefined;
    }
  }

  /** Whether `rule` is on for `file`: its languages, the configuration, and its scope. */
  private applies(rule: Rule, file: ParsedFile, config: ThreatLintConfig, inScope: (scope: RuleScope | undefined) => boolean): boolean {
    return rule.meta.languages.includes(file.language) && config.rules[rule.meta.id] !== 'off' && inScope(rule.meta.scope);
  }

  /**
   * One finding per cause: a rule's finding goes when a rule that `supersedes` it reported on the
   * same line (e.g. ParseUnverified on a parser built WithoutClaimsValidation: one unverified parse).
   */
  private dropSuperseded(findings: Finding[], lines: LineIndex): Finding[] {
    const superseding = findings.filter((f) => this.supersedes.has(f.ruleId));
    if (superseding.length === 0) return findings;
    const lineOf = (f: Finding) => lines.positionAt(f.range.start).line;
    const covered = new Set(superseding.flatMap((f) => (this.supersedes.get(f.ruleId) ?? []).map((id) => `${id}@${lineOf(f)}`)));
    return findings.filter((f) => !covered.has(`${f.ruleId}@${lineOf(f)}`));
  }

  private runRules(
    file: ParsedFile,
    config: ThreatLintConfig,
    notices: Notice[],
    failed: Set<string>,
    memo: Memo,
    applies: (scope: RuleScope | undefined) => boolean,
  ): Finding[] {
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      const { meta } = rule;
      if (!rule.check || !this.applies(rule, file, config, applies)) continue;
      const configured = config.rules[meta.id];
      const severity: Severity | undefined = configured === 'off' ? undefined : configured;
      try {
        startBudget(RULE_BUDGET_MS);
        rule.check({
          file,
          settings: config.settings,
          memo,
          report(report) {
            findings.push({
              ruleId: meta.id,
              severity: severity ?? report.severity ?? meta.severity,
              messageId: report.messageId,
              message: report.message,
              range: clampRange(report.range, file.text.length),
              fix: report.fix,
              related: report.related,
            });
          },
        });
      } catch (error) {
        failed.add(meta.id);
        if (error instanceof BudgetExceeded) notices.push({ message: `rule ${meta.id} ${error.message} on this file; its findings here may be incomplete` });
        else if (error instanceof RangeError && /call stack/i.test(error.message))
          notices.push({ message: `rule ${meta.id} stopped: this file nests too deeply to follow` });
        else notices.push({ message: `rule ${meta.id} failed on this file: ${errorMessage(error)}` });
      } finally {
        endBudget();
      }
    }
    return findings;
  }
}

function skipReason(text: string, maxFileSize: number): string | undefined {
  if (text.length > maxFileSize) {
    return `ThreatLint skipped this file: ${text.length} characters is over the limit of ${maxFileSize} (setting maxFileSize)`;
  }
  if (text.slice(0, 8192).includes('\u0000')) return 'ThreatLint skipped this file: it looks binary (contains NUL bytes)';
  let lineStart = 0;
  for (;;) {
    const next = text.indexOf('\n', lineStart);
    const end = next < 0 ? text.length : next;
    if (end - lineStart > MAX_LINE_LENGTH) {
      return `ThreatLint skipped this file: a line of ${end - lineStart} characters suggests minified or generated code`;
    }
    if (next < 0) break;
    lineStart = next + 1;
  }
  return undefined;
}

function nestingReason(text: string, family: FileFamily): string | undefined {
  const depth = nestingDepth(text, family);
  return depth > MAX_NESTING_DEPTH ? `ThreatLint skipped this file: it nests more than ${MAX_NESTING_DEPTH} levels deep` : undefined;
}

/** The outermost syntax node (below the file) that starts at `offset`: the statement or declaration a comment above it annotates. */
function nodeStartingAt(root: Node, offset: number): OffsetRange | undefined {
  let node = root.namedDescendantForIndex(offset);
  if (!node || node.startIndex !== offset) return undefined;
  while (node.parent && node.parent.startIndex === offset && node.parent.type !== 'source_file') node = node.parent;
  return node.type === 'source_file' ? undefined : { start: node.startIndex, end: node.endIndex };
}

/** `file` relative to `root` with `/` separators; undefined without a root or when the file is outside it. */
function relativeTo(root: string | undefined, file: string): string | undefined {
  if (!root) return undefined;
  const relative = path.relative(root, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

function clampRange(range: OffsetRange, length: number): OffsetRange {
  const start = Math.max(0, Math.min(range.start, length));
  return { start, end: Math.max(start, Math.min(range.end, length)) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
