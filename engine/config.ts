import * as path from 'node:path';
import type { RuleSettings, SeverityOrOff } from './types';

/**
 * Configuration shared by the editor and the CLI (reading it from disk is project/configFile.ts). Sources, later wins:
 * defaults → `.threatlint.yaml` at the workspace root → editor settings / CLI flags.
 */
export interface ThreatLintConfig {
  /** Per-rule severity override or `off`. */
  rules: Record<string, SeverityOrOff>;
  /** Globs (relative to the workspace root) of files never analysed. */
  ignore: string[];
  /** Files larger than this (bytes) get one notice and no analysis. */
  maxFileSize: number;
  settings: RuleSettings;
  /** Absolute path of a baseline file (`baseline:` in `.threatlint.yaml`, relative to it): findings in it are not shown. */
  baseline?: string;
  /** `YYYY-MM-DD` that suppression expiry (`until=`) is judged against; today (UTC) when absent. Tests pin it. */
  today?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export function defaultConfig(): ThreatLintConfig {
  return { rules: {}, ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, settings: {} };
}

const SEVERITIES = new Set<string>(['error', 'warning', 'note', 'off']);

export class ConfigError extends Error {}

export function validateConfig(raw: unknown, source: string): Partial<ThreatLintConfig> {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: expected a mapping at the top level`);
  const input = raw as Record<string, unknown>;
  const out: Partial<ThreatLintConfig> = {};
  if (input.rules !== undefined) {
    if (typeof input.rules !== 'object' || input.rules === null || Array.isArray(input.rules)) {
      throw new ConfigError(`${source}: "rules" must map rule ids to error|warning|note|off`);
    }
    out.rules = {};
    for (const [id, value] of Object.entries(input.rules)) {
      const v = String(value);
      if (!SEVERITIES.has(v)) throw new ConfigError(`${source}: rule "${id}" has severity "${v}"; use error|warning|note|off`);
      out.rules[id] = v as SeverityOrOff;
    }
  }
  if (input.ignore !== undefined) out.ignore = stringList(input.ignore, 'ignore', source);
  if (input.maxFileSize !== undefined) {
    const n = Number(input.maxFileSize);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${source}: "maxFileSize" must be a positive number of bytes`);
    out.maxFileSize = n;
  }
  if (input.baseline !== undefined) {
    if (typeof input.baseline !== 'string' || input.baseline.trim() === '') throw new ConfigError(`${source}: "baseline" must be a file path`);
    out.baseline = path.resolve(path.dirname(source), input.baseline);
  }
  if (input.allowedRegistries !== undefined) {
    out.settings = { allowedRegistries: stringList(input.allowedRegistries, 'allowedRegistries', source) };
  }
  return out;
}

function stringList(value: unknown, key: string, source: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ConfigError(`${source}: "${key}" must be a list of strings`);
  }
  return value as string[];
}

export function mergeConfig(base: ThreatLintConfig, ...layers: Partial<ThreatLintConfig>[]): ThreatLintConfig {
  const result: ThreatLintConfig = { ...base, rules: { ...base.rules }, ignore: [...base.ignore], settings: { ...base.settings } };
  for (const layer of layers) {
    Object.assign(result.rules, layer.rules ?? {});
    if (layer.ignore) result.ignore.push(...layer.ignore);
    if (layer.maxFileSize !== undefined) result.maxFileSize = layer.maxFileSize;
    if (layer.settings) Object.assign(result.settings, layer.settings);
    if (layer.baseline !== undefined) result.baseline = layer.baseline;
  }
  return result;
}
