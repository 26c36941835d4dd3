import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { ConfigError, validateConfig, type ThreatLintConfig } from '../engine/config';

/** `.threatlint.yaml` on disk: found at a workspace root, read and validated the same way by the CLI and the server. */
export const CONFIG_FILE_NAMES = ['.threatlint.yaml', '.threatlint.yml'];

/** Reads and validates a config file; throws ConfigError with a message fit for a user. */
export function readConfigFile(file: string): Partial<ThreatLintConfig> {
  let raw: unknown;
  try {
    raw = parseYamlText(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  return validateConfig(raw, file);
}

/** The config file in `root`, if any. */
export function findConfigFile(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
