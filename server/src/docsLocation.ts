import * as fs from 'node:fs';
import * as path from 'node:path';
import { docPath } from '../../output/ruleDocs';
import { THREAT_MODEL_DOC, threatAnchor, type ThreatId } from '../../engine/threats';
import { fileUri } from './diagnostics';

/** The extension (or repository) root: the nearest folder above the bundle holding docs/rules. */
function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'docs', 'rules'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..');
}

const root = packageRoot();

/** A file URI of the bundled rule doc, so `codeDescription` and "show documentation" work offline. */
export function ruleDocUri(ruleId: string): string {
  return fileUri(path.join(root, docPath(ruleId)));
}

/** The bundled threat-model page at a threat's section, offline like the rule docs. */
export function threatDocUri(id: ThreatId): string {
  return `${fileUri(path.join(root, THREAT_MODEL_DOC))}#${threatAnchor(id)}`;
}
