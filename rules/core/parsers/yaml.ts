import { parseAllDocuments, isMap, type Document } from 'yaml';
import { isComposeName } from '../languages';
import * as path from 'node:path';

export interface ParsedYaml {
  docs: Document.Parsed[];
  /** Kubernetes, Compose, or neither (GitHub workflows, Ansible, values files…). */
  language: 'kubernetes' | 'compose' | undefined;
}

/** Every document of a multi-document file, with source ranges kept on each node. */
export function parseYaml(filePath: string, text: string): ParsedYaml {
  const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false }) as
    | Document.Parsed[]
    | { empty: true };
  const list = Array.isArray(docs) ? docs : [];
  return { docs: list, language: classify(filePath, list) };
}

function classify(filePath: string, docs: Document.Parsed[]): ParsedYaml['language'] {
  let compose = isComposeName(path.basename(filePath));
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (root.has('apiVersion') && root.has('kind')) return 'kubernetes';
    const services = root.get('services', true);
    if (isMap(services) && services.items.some((s) => isMap(s.value) && (s.value.has('image') || s.value.has('build')))) {
      compose = true;
    }
  }
  return compose ? 'compose' : undefined;
}
