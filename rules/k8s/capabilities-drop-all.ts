import { isScalar, type YAMLSeq } from 'yaml';
import { defineYamlRule } from '../../engine/defineRule';
import { absenceAnchor, containerSecurityContext, securityContextEdit } from './support/securityContext';
import { securityContextUnknown } from './support/templates';
import { containers } from './support/workloads';
import { addEntries } from './support/yamlEdits';
import { mapAt, pairOf, seqAt } from './support/yamlNodes';

export default defineYamlRule(
  {
    id: 'k8s/capabilities-drop-all',
    title: 'Capabilities not dropped',
    description: "A container that does not drop `ALL` Linux capabilities and so keeps the runtime's default set.",
    messages: { keepsDefaults: 'Container "{{name}}" does not drop ALL capabilities, so it keeps the runtime\'s default set' },
    severity: 'warning',
    cwe: [250],
    stride: ['Elevation of Privilege'],
    threat: { ids: ['BS-06'], summary: 'Containers keep kernel capabilities they do not need' },
    remediation:
      "Add `capabilities: {drop: [ALL]}` to each container's `securityContext`, then `add` only the capabilities the process needs (e.g. `NET_BIND_SERVICE`).",
    fixable: true,
    languages: ['kubernetes'],
  },
  ({ file, report }) => {
    for (const container of containers(file)) {
      const doc = container.workload.doc;
      const sc = containerSecurityContext(container);
      const caps = sc && mapAt(sc, 'capabilities', doc);
      const drop = caps && seqAt(caps, 'drop', doc);
      if (drop?.items.some((i) => isScalar(i) && String(i.value).toUpperCase() === 'ALL')) continue;
      if (securityContextUnknown(file, container)) continue;
      const data = { name: container.name ?? '?' };
      if (drop) {
        const key = pairOf(caps, 'drop')?.key as { range?: [number, number, number] } | undefined;
        const edit = addEntriesToSeq(file.text, drop, 'ALL');
        report({
          range: key?.range ? { start: key.range[0], end: key.range[1] } : absenceAnchor(container),
          messageId: 'keepsDefaults',
          data,
          fix: edit && { title: 'Drop ALL capabilities', edits: [edit] },
        });
        continue;
      }
      const edit = caps ? addEntries(file.text, caps, ['drop: [ALL]']) : securityContextEdit(file.text, container, ['capabilities:\n  drop: [ALL]']);
      const capsKey = caps && (pairOf(sc ?? caps, 'capabilities')?.key as { range?: [number, number, number] } | undefined);
      report({
        range: capsKey?.range ? { start: capsKey.range[0], end: capsKey.range[1] } : absenceAnchor(container),
        messageId: 'keepsDefaults',
        data,
        fix: edit && { title: 'Drop ALL capabilities', edits: [edit] },
      });
    }
  },
);

/** Adds an item to a flow (`[a]`) or block (`- a`) sequence. */
function addEntriesToSeq(text: string, seq: YAMLSeq, item: string) {
  const range = seq.range;
  if (!range) return undefined;
  if (seq.flow) {
    const close = text.lastIndexOf(']', range[1]);
    return { range: { start: close, end: close }, newText: seq.items.length ? `, ${item}` : item };
  }
  const first = seq.items[0] as { range?: [number, number, number] } | undefined;
  if (!first?.range) return undefined;
  const dash = text.lastIndexOf('-', first.range[0]);
  const lineStart = text.lastIndexOf('\n', dash) + 1;
  return { range: { start: lineStart, end: lineStart }, newText: `${text.slice(lineStart, dash)}- ${item}\n` };
}
