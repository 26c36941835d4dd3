import { parseAllDocuments, isMap, type Document } from 'yaml';
import { isComposeName } from '../languages';
import * as path from 'node:path';
import type { OffsetRange } from '../types';
import { detemplate } from './templates';

export interface ParsedYaml {
  docs: Document.Parsed[];
  /** Template actions (`{{ … }}`) neutralised before parsing; empty for plain YAML. */
  templated: OffsetRange[];
  /** Kubernetes, Compose, or neither (GitHub workflows, Ansible, values files…). */
  language: 'kubernetes' | 'compose' | undefined;
}

/** Every document of a multi-document file, with source ranges kept on each node. */
export function parseYaml(filePath: string, source: string): ParsedYaml {
  const { text, templated } = detemplate(source);
  const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false }) as Document.Parsed[] | { empty: true };
  const list = Array.isArray(docs) ? docs : [];
  return { docs: list, templated, language: classify(filePath, list) };
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
