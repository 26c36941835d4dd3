import { formatMessage } from './messages';
import type { DockerFile, ParsedFile, Rule, RuleContext, RuleMeta, SyntaxTreeFile, YamlFile } from './types';

/**
 * Typed constructors for rules: each narrows the parsed file the check receives,
 * so rule code never needs a cast or `any`, and ties `report({ messageId })` to the
 * ids of the rule's `messages`, which give the finding its text.
 */
export function defineYamlRule<Id extends string>(meta: RuleMeta<Id>, check: (context: RuleContext<YamlFile, Id>) => void): Rule {
  return narrow(meta, 'yaml', check);
}

export function defineDockerfileRule<Id extends string>(meta: RuleMeta<Id>, check: (context: RuleContext<DockerFile, Id>) => void): Rule {
  return narrow(meta, 'dockerfile', check);
}

export function defineTreeRule<Id extends string>(meta: RuleMeta<Id>, check: (context: RuleContext<SyntaxTreeFile, Id>) => void): Rule {
  return narrow(meta, 'tree', check);
}

/** A rule for every kind of file (e.g. checks of suppression comments). */
export function defineRule<Id extends string>(meta: RuleMeta<Id>, check: (context: RuleContext<ParsedFile, Id>) => void): Rule {
  return narrow(meta, undefined, check);
}

function narrow<F extends ParsedFile, Id extends string>(meta: RuleMeta<Id>, kind: F['kind'] | undefined, check: (context: RuleContext<F, Id>) => void): Rule {
  return {
    meta,
    check(context) {
      if (kind !== undefined && context.file.kind !== kind) return;
      // Messages quote values from the parsed text, where a Helm action reads `$___…`: show it as `{{…}}`.
      const helm = context.file.kind === 'yaml' && context.file.templated.length > 0;
      check({
        file: context.file as F,
        settings: context.settings,
        memo: context.memo,
        report(r) {
          const report = formatMessage(meta, r);
          context.report(helm ? { ...report, message: report.message.replace(/\$_{3,}/g, '{{…}}') } : report);
        },
      });
    },
  };
}
