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
export function containerBooleanRule(meta: RuleMeta, field: string, safe: boolean, risk: string): Rule {
  return defineYamlRule(meta, ({ file, report }) => {
    for (const container of containers(file)) {
      const name = container.name ?? '?';
      const sc = containerSecurityContext(container);
      const scalar = sc && scalarAt(sc, field, container.workload.doc);
      const range = rangeOf(scalar);
      if (scalar && range) {
        if (scalar.value === safe || templatedWithin(file, scalar.range)) continue;
        report({
          range,
          message: `Container "${name}" sets ${field}: ${String(scalar.value)}; ${risk}`,
          fix: { title: `Set ${field}: ${safe}`, edits: [{ range, newText: String(safe) }] },
        });
        continue;
      }
      if (securityContextUnknown(file, container)) continue;
      const edit = securityContextEdit(file.text, container, [`${field}: ${safe}`]);
      report({
        range: absenceAnchor(container),
        message: `Container "${name}" does not set ${field}: ${safe}; ${risk}`,
        fix: edit && { title: `Add ${field}: ${safe}`, edits: [edit] },
      });
    }
  });
}
