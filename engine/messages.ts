import type { Report, RuleMeta, RuleReport } from './types';

/**
 * A report's message from its rule's template: `{{name}}` takes `data.name`. Values are
 * inserted in one pass, so a value that itself contains `{{…}}` stays as written. A missing
 * id or value throws: the engine turns that into a notice and the fixture tests fail on it.
 */
export function formatMessage(meta: RuleMeta, report: RuleReport): Report {
  const template: string | undefined = Object.hasOwn(meta.messages, report.messageId) ? meta.messages[report.messageId] : undefined;
  if (template === undefined) throw new Error(`${meta.id} has no message "${report.messageId}"`);
  const message = template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    if (!report.data || !Object.hasOwn(report.data, name)) throw new Error(`${meta.id}#${report.messageId} needs data.${name}`);
    return String(report.data[name]);
  });
  const { data: _data, ...rest } = report;
  return { ...rest, message };
}
