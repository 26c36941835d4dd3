import type { DockerFile, Rule, RuleContext, RuleMeta, SyntaxTreeFile, YamlFile } from './types';

/**
 * Typed constructors for rules: each narrows the parsed file the check receives,
 * so rule code never needs a cast or `any`.
 */
export function defineYamlRule(meta: RuleMeta, check: (context: RuleContext<YamlFile>) => void): Rule {
  return narrow(meta, 'yaml', check);
}

export function defineDockerfileRule(meta: RuleMeta, check: (context: RuleContext<DockerFile>) => void): Rule {
  return narrow(meta, 'dockerfile', check);
}

export function defineTreeRule(meta: RuleMeta, check: (context: RuleContext<SyntaxTreeFile>) => void): Rule {
  return narrow(meta, 'tree', check);
}

function narrow<F extends YamlFile | DockerFile | SyntaxTreeFile>(
  meta: RuleMeta,
  kind: F['kind'],
  check: (context: RuleContext<F>) => void,
): Rule {
  return {
    meta,
    check(context) {
      if (context.file.kind !== kind) return;
      if (context.file.kind === 'yaml' && context.file.templated.length > 0) {
        // Messages quote values from the parsed text, where a Helm action reads `$___…`: show it as `{{…}}`.
        const report = context.report.bind(context);
        check({ ...context, report: (r) => report({ ...r, message: r.message.replace(/\$_{3,}/g, '{{…}}') }) } as RuleContext<F>);
        return;
      }
      check(context as RuleContext<F>);
    },
  };
}
