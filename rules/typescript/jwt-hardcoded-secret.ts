// TEMPORARY STUB by the lead so the build runs; helper-1 replaces this file with the real rule.
import { defineTreeRule } from '../core/defineRule';
export default defineTreeRule(
  { id: 'ts/jwt-hardcoded-secret', title: 'stub', description: 'stub rule placeholder while the real one is written', severity: 'error', cwe: [347], stride: ['Spoofing'], threat: { seed: '000', ref: '23', summary: 'stub' }, remediation: 'stub remediation', fixable: false, languages: ['typescript'] },
  () => undefined,
);
