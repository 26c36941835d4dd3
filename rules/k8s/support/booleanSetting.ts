import { defineYamlRule } from '../../../engine/defineRule';
import type { Rule, RuleMeta } from '../../../engine/types';
import { absenceAnchor, containerSecurityContext, securityContextEdit } from './securityContext';
import { securityContextUnknown, templatedWithin } from './templates';
import { containers } from './workloads';
import { rangeOf, scalarAt } from './yamlNodes';

/**
 * Rules for container-only boolean securityContext fields that must hold a safe value
 * (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`). These fields do not
 * exist at pod level, so there is nothing to inherit: the container's own value is the
 * effective one, and absent means the unsafe default.
 */
export function containerBooleanRule(meta: Omit<RuleMeta, 'messages'>, field: string, safe: boolean, risk: string): Rule {
  // The field and the risk are fixed per rule, so they go into the templates.
  const messages = {
    unsafeValue: `Container "{{name}}" sets ${field}: {{value}}; ${risk}`,
    notSet: `Container "{{name}}" does not set ${field}: ${safe}; ${risk}`,
  };
  return defineYamlRule({ ...meta, messages }, ({ file, report }) => {
    for (const container of containers(file)) {
      const name = container.name ?? '?';
      const sc = containerSecurityContext(container);
      const scalar = sc && scalarAt(sc, field, container.workload.doc);
      const range = rangeOf(scalar);
      if (scalar && range) {
        if (scalar.value === safe || templatedWithin(file, scalar.range)) continue;
        report({
          range,
          messageId: 'unsafeValue',
          data: { name, value: String(scalar.value) },
          fix: { title: `Set ${field}: ${safe}`, edits: [{ range, newText: String(safe) }] },
        });
        continue;
      }
      if (securityContextUnknown(file, container)) continue;
      const edit = securityContextEdit(file.text, container, [`${field}: ${safe}`]);
      report({
        range: absenceAnchor(container),
        messageId: 'notSet',
        data: { name },
        fix: edit && { title: `Add ${field}: ${safe}`, edits: [edit] },
      });
    }
  });
}
