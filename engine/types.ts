/**
 * The engine's vocabulary. Everything here is offset-based and free of any
 * LSP or VS Code type: positions are computed once, at the edge (server, CLI).
 */
import type { Document } from 'yaml';
import type { Dockerfile } from 'dockerfile-ast';
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { Memo } from './memo';
import type { ThreatId } from './threats';

/** Languages the engine analyses. `compose` and `kubernetes` are both YAML, told apart by content. */
export type Language = 'kubernetes' | 'compose' | 'dockerfile' | 'go' | 'typescript';

/** Finding severities, named as SARIF names them; the server maps them to LSP severities. */
export type Severity = 'error' | 'warning' | 'note';
export type SeverityOrOff = Severity | 'off';

export const STRIDE = ['Spoofing', 'Tampering', 'Repudiation', 'Information Disclosure', 'Denial of Service', 'Elevation of Privilege'] as const;
export type Stride = (typeof STRIDE)[number];

/** A half-open range of UTF-16 offsets into the document text. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  /** Shown in the quick-fix menu. */
  title: string;
  edits: TextEdit[];
}

/** The threats a rule checks for: ids of docs/threat-model.md, and the threat in the rule's own terms. */
export interface RuleThreat {
  ids: ThreatId[];
  /** One line: what goes wrong when the rule's finding is left in. */
  summary: string;
}

/**
 * A rule's finding messages by id (ESLint's `meta.messages`). `{{name}}` is filled from the
 * report's `data`, so the text a finding shows is written once, in the metadata.
 */
export type RuleMessages<Id extends string = string> = Readonly<Record<Id, string>>;

export interface RuleMeta<Id extends string = string> {
  /** Stable id, `<lang>/<name>`; it is the diagnostic code and the doc path. */
  id: string;
  title: string;
  /** One sentence, for hovers and SARIF; the long explanation is the Details section of the rule's doc. */
  description: string;
  messages: RuleMessages<Id>;
  severity: Severity;
  cwe: number[];
  stride: Stride[];
  threat: RuleThreat;
  remediation: string;
  fixable: boolean;
  /** Languages whose parsed files the rule's check receives. */
  languages: Language[];
  /** A setting the rule needs to check anything (off while it is empty); reports do not count such a rule as a mitigation. */
  enabledBy?: keyof RuleSettings;
  /** Which of its languages' files the rule checks; the engine applies it (engine/scope.ts). Not part of the rules list. */
  scope?: RuleScope;
  /**
   * Rules whose finding this rule's finding makes redundant: reported on the same line for the
   * same cause, only this (more specific) one is kept. Applied by the engine; not part of the rules list.
   */
  supersedes?: readonly string[];
}

/** Rule policy the engine applies before calling `check`, the same for every language. */
export interface RuleScope {
  /**
   * Test code is skipped unless `'check'`: Go `_test.go`, `testdata/`, importers of `testing`; TS/JS `*.test.*`, `*.spec.*`,
   * `__tests__/`; and, when the engine knows the project root, any `test`, `tests`, `e2e`, `fixtures`, `mocks`… folder (engine/scope.ts).
   */
  testCode?: 'skip' | 'check';
  /** Generated code (Go `// Code generated … DO NOT EDIT.`; TS/JS `@generated` in the first comment) is skipped unless `'check'`. */
  generatedCode?: 'skip' | 'check';
  /** The rule checks only files importing one of these: a module path (its sub-paths included) or a pattern of import paths. */
  requiresImport?: readonly (string | RegExp)[];
}

export interface RelatedLocation {
  range: OffsetRange;
  message: string;
}

/** What a rule's check reports: one of its message ids, with the values the message names. */
export interface RuleReport<Id extends string = string> {
  range: OffsetRange;
  messageId: Id;
  /** Values of the message's `{{name}}`s; `undefined` prints as a template literal prints it. */
  data?: Readonly<Record<string, string | number | undefined>>;
  /** Overrides the rule's default severity for this finding (e.g. a weaker variant). */
  severity?: Severity;
  fix?: Fix;
  related?: RelatedLocation[];
}

/** A report as the engine receives it: the message already formatted from its id. */
export interface Report {
  range: OffsetRange;
  messageId: string;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a weaker variant). */
  severity?: Severity;
  fix?: Fix;
  related?: RelatedLocation[];
}

export interface Suppression {
  /** `inSource`: a `threatlint-ignore` comment, or a peer tool's (`//nolint:gosec`, `#nosec`, `nosemgrep`); `external`: a baseline file. */
  kind: 'inSource' | 'external';
  /** The reason the author wrote after `--`, or the baseline it came from. */
  reason: string;
  /** Range of the suppressing comment (empty for a baseline). */
  range: OffsetRange;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Key of the rule's `meta.messages`; internal (tests), no output prints it. */
  messageId: string;
  message: string;
  range: OffsetRange;
  fix?: Fix;
  related?: RelatedLocation[];
  /** Set when an inline suppression covers the finding; CLI/SARIF still report it as suppressed. */
  suppression?: Suppression;
}

/** Parsed forms handed to rules, one per language family. */
export interface YamlFile {
  kind: 'yaml';
  language: 'kubernetes' | 'compose';
  path: string;
  text: string;
  docs: Document.Parsed[];
  /** Regions of `{{ … }}` template actions (Helm); their values are unknown, never findings. */
  templated: OffsetRange[];
}

export interface DockerFile {
  kind: 'dockerfile';
  language: 'dockerfile';
  path: string;
  text: string;
  dockerfile: Dockerfile;
  /** Converts dockerfile-ast's line/character positions to offsets. */
  offsetAt(position: { line: number; character: number }): number;
  /** Parses shell text (a RUN line) with tree-sitter-bash and hands the root to `read`; the tree is freed after. */
  withShellSyntax<T>(shellText: string, read: (root: Node) => T): T;
}

export interface SyntaxTreeFile {
  kind: 'tree';
  language: 'go' | 'typescript';
  /** The grammar actually used: TSX and JS need their own. */
  grammar: 'go' | 'typescript' | 'tsx' | 'javascript';
  path: string;
  text: string;
  tree: Tree;
}

export type ParsedFile = YamlFile | DockerFile | SyntaxTreeFile;

/** Settings that rules may read; all optional so a rule works with none. */
export interface RuleSettings {
  allowedRegistries?: string[];
}

/** What a rule's check receives (through engine/defineRule): reports name one of the rule's message ids. */
export interface RuleContext<F extends ParsedFile = ParsedFile, Id extends string = string> {
  file: F;
  settings: RuleSettings;
  report(report: RuleReport<Id>): void;
  /** Computes a value once per analysis for every rule of the file (support helpers reach it with `memoOf`). */
  memo: Memo;
}

/** What the engine hands a rule: reports arrive with their message text. */
export interface EngineContext<F extends ParsedFile = ParsedFile> {
  file: F;
  settings: RuleSettings;
  report(report: Report): void;
  /** Computes a value once per analysis for every rule of the file (support helpers reach it with `memoOf`). */
  memo: Memo;
}

/** Passes the engine runs itself, for findings no single check can see (engine/suppressions.ts). */
export type EnginePass = 'stale-suppressions';

export interface Rule<F extends ParsedFile = ParsedFile> {
  meta: RuleMeta;
  /** Absent on metadata-only rules whose findings an engine `pass` reports. */
  check?(context: EngineContext<F>): void;
  pass?: EnginePass;
}
