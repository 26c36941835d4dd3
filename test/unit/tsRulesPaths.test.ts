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
  it('is a note in a migrations folder and a warning elsewhere (rows of its own query: origin unknown)', async () => {
    const engine = await testEngine();
    const severity = (path: string) =>
      engine
        .analyze({ path, text: migration }, defaultConfig())
        .findings.filter((f) => f.ruleId === 'ts/sql-string-built')
        .map((f) => f.severity);
    assert.deepEqual(severity('/repo/server/migrations/20180101-admins.js'), ['note']);
    assert.deepEqual(severity('/repo/server/admins.js'), ['warning']);
  });
});

describe('TS rules skip test code (engine scope)', () => {
  const token = `import jwt from 'jsonwebtoken';
export const token = jwt.sign({ sub: 'u1' }, 'kP9x2mQ7vR4tW8zL', { algorithm: 'none' });
`;
  it('reports a normal file and not the test file next to it', async () => {
    const engine = await testEngine();
    const rules = (path: string) => engine.analyze({ path, text: token }, defaultConfig()).findings.map((f) => f.ruleId);
    assert.deepEqual(rules('/repo/src/auth.ts'), ['ts/jwt-no-expiry', 'ts/jwt-hardcoded-secret', 'ts/jwt-none-algorithm']);
    for (const test of [
      '/repo/src/auth.test.ts',
      '/repo/src/auth.spec.js',
      '/repo/src/__tests__/auth.ts',
      '/repo/src/__mocks__/jwt.tsx',
      '/repo/test/auth.ts',
      'C:\\repo\\tests\\auth.mjs',
    ]) {
      assert.deepEqual(rules(test), [], test);
    }
    // Only the file's own folder counts as `test/`: a project checked out below one is still checked.
    assert.equal(rules('/home/me/test/repo/src/auth.ts').length, 3);
  });
});
