import * as path from 'node:path';
import ignore from 'ignore';
import { ConfigError, defaultConfig, findConfigFile, mergeConfig, readConfigFile, type ThreatLintConfig } from '../../rules/core/config';
import type { SeverityOrOff } from '../../rules/core/types';

/** The `threatlint.*` settings as VS Code (or another editor) sends them. */
export interface EditorSettings {
  enable?: boolean;
  rules?: Record<string, SeverityOrOff>;
  exclude?: string[];
  maxFileSize?: number;
  allowedRegistries?: string[];
}

export interface EffectiveSettings {
  enable: boolean;
  config: ThreatLintConfig;
  /** Why `.threatlint.yaml` could not be used, to show once. */
  configError?: string;
  /** True when the file matches `exclude` or the config's `ignore`. */
  isExcluded(file: string): boolean;
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
  return {
    enable: editor?.enable !== false,
    config,
    configError,
    isExcluded(file) {
      if (!workspaceRoot) return false;
      const relative = path.relative(workspaceRoot, file);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return matcher.ignores(relative.split(path.sep).join('/'));
    },
  };
}
