/**
 * Path-dependent judgements of the TS rules that fixtures (one folder per rule) cannot show.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../engine/config';
import { testEngine } from '../support/engine';

const migration = `module.exports = {
  up: async (queryInterface) => {
    const [teams] = await queryInterface.sequelize.query('SELECT id FROM teams');
    for (const team of teams) {
      await queryInterface.sequelize.query(\`UPDATE users SET "isAdmin" = true WHERE "teamId" = '\${team.id}'\`);
    }
  },
};
`;

describe('ts/sql-string-built by path', () => {
  it('is a note in a migrations folder and an error elsewhere', async () => {
    const engine = await testEngine();
    const severity = (path: string) => engine.analyze({ path, text: migration }, defaultConfig()).findings.filter((f) => f.ruleId === 'ts/sql-string-built').map((f) => f.severity);
    assert.deepEqual(severity('/repo/server/migrations/20180101-admins.js'), ['note']);
    assert.deepEqual(severity('/repo/server/admins.js'), ['error']);
  });
});
