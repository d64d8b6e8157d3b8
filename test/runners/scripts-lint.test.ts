// The shell scripts runners send to their targets (runners/*.sh): bash -n and shellcheck clean.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from '../support/envs.js';

describe('runners/*.sh', () => {
  const dir = path.join(REPO_DIR, 'runners');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sh'))) {
    it(`${f}: bash -n and shellcheck clean`, () => {
      const file = path.join(dir, f);
      const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(syntax.status, syntax.stderr).to.equal(0);
      const lint = spawnSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
      expect(lint.status, lint.stdout).to.equal(0);
    });
  }
});
