import * as fs from 'node:fs';
import * as path from 'node:path';
import { BaselineError, loadBaseline, projectBaselineFile, type Baseline } from '../../project/baseline';
import ignore from 'ignore';
import { ConfigError, defaultConfig, mergeConfig, type ThreatLintConfig } from '../../engine/config';
import { findConfigFile, readConfigFile } from '../../project/configFile';
import type { SeverityOrOff } from '../../engine/types';

/** The `threatlint.*` settings as VS Code (or another editor) sends them. */
export interface EditorSettings {
  enable?: boolean;
  rules?: Record<string, SeverityOrOff>;
  exclude?: string[];
  maxFileSize?: number;
  allowedRegistries?: string[];
  /** Show findings that are in the baseline too. */
  showBaselined?: boolean;
}

export interface EffectiveSettings {
  enable: boolean;
  config: ThreatLintConfig;
  /** Why `.threatlint.yaml` could not be used, to show once. */
  configError?: string;
  /** True when the file matches `exclude` or the config's `ignore`. */
  isExcluded(file: string): boolean;
  showBaselined: boolean;
  /** The baseline whose findings are hidden (none with showBaselined); read again when the file changes. */
  baseline(): Baseline | undefined;
  /** Why the baseline could not be read (the CLI stops on it; the editor shows it once and goes on without). */
  baselineError(): string | undefined;
  /** Changes whenever the baseline's effect changes (file written, setting toggled), for scan caches. */
  baselineKey(): string;
}

/** Workspace config file, then editor settings on top (editor wins, as with ESLint's overrideConfig). */
export function effectiveSettings(editor: EditorSettings | null | undefined, workspaceRoot: string | undefined): EffectiveSettings {
  let fileLayer = {};
  let configError: string | undefined;
  const configFile = workspaceRoot ? findConfigFile(workspaceRoot) : undefined;
  if (configFile) {
    try {
      fileLayer = readConfigFile(configFile);
    } catch (error) {
      configError = error instanceof ConfigError ? error.message : String(error);
    }
  }
  const config = mergeConfig(defaultConfig(), fileLayer, {
    rules: editor?.rules ?? {},
    ignore: editor?.exclude ?? [],
    maxFileSize: typeof editor?.maxFileSize === 'number' && editor.maxFileSize > 0 ? editor.maxFileSize : undefined,
    settings: editor?.allowedRegistries?.length ? { allowedRegistries: editor.allowedRegistries } : {},
  });
  const matcher = ignore().add(config.ignore);
  const showBaselined = editor?.showBaselined === true;
  const baselineFile = projectBaselineFile(config, workspaceRoot);
  let baselineError: string | undefined;
  const baseline = (): Baseline | undefined => {
    baselineError = undefined;
    if (showBaselined || !baselineFile) return undefined;
    try {
      return loadBaseline(baselineFile);
    } catch (error) {
      baselineError = error instanceof BaselineError ? error.message : String(error);
      return undefined;
    }
  };
  return {
    enable: editor?.enable !== false,
    config,
    configError,
    showBaselined,
    baseline,
    baselineError: () => baselineError,
    baselineKey() {
      if (showBaselined || !baselineFile) return '';
      try {
        return `${baselineFile}@${fs.statSync(baselineFile).mtimeMs}`;
      } catch {
        return '';
      }
    },
    isExcluded(file) {
      if (!workspaceRoot) return false;
      const relative = path.relative(workspaceRoot, file);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return matcher.ignores(relative.split(path.sep).join('/'));
    },
  };
}
