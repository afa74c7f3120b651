import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchWorkspace, workspaceRootOf, type CommandResult, type ScratchWorkspace } from './test-support/scratch-workspace';

// The slow test of the suite: real `nx g`, real lint/typecheck/test and an app bundle in one scratch copy of the workspace.
const TIMEOUT_MS = 10 * 60 * 1000;

function expectSuccess(result: CommandResult): void {
  expect(result.status, result.output).toBe(0);
}

describe('nx g @prism/generators:signal (end to end)', () => {
  let workspace: ScratchWorkspace;
  const nx = (...args: string[]): CommandResult => workspace.run('npx', ['nx', ...args]);

  beforeAll(() => {
    workspace = createScratchWorkspace(workspaceRootOf(__dirname));
  }, TIMEOUT_MS);

  afterAll(() => {
    workspace?.remove();
    expect(existsSync(workspace.root)).toBe(false);
  });

  it(
    'lists the files on --dry-run, generates a library whose lint, typecheck and test pass and that the ingest app bundles, and whose boundaries are enforced',
    () => {
      const dryRun = nx('g', '@prism/generators:signal', 'audits', '--dry-run', '--no-interactive');
      expectSuccess(dryRun);
      for (const file of ['project.json', 'src/index.ts', 'src/audits-signal.ts', 'src/audits-signal.spec.ts', 'README.md']) {
        expect(dryRun.output).toContain(`CREATE libs/signals/audits/${file}`);
      }
      expect(dryRun.output).toContain('UPDATE tsconfig.base.json');
      expect(dryRun.output).toContain('UPDATE libs/signals/registry/src/registered-signals.ts');
      expect(existsSync(path.join(workspace.root, 'libs/signals/audits'))).toBe(false);

      expectSuccess(nx('g', '@prism/generators:signal', 'profiles', '--no-interactive'));
      const registry = readFileSync(path.join(workspace.root, 'libs/signals/registry/src/registered-signals.ts'), 'utf-8');
      expect(registry).toContain(`import { profilesSignal } from '@prism/profiles';`);
      expect(registry).toMatch(/registeredSignalPlugins[^=]*=\s*\[[^\]]*profilesSignal,?\s*\]/);

      const checks = nx('run-many', '-t', 'lint', 'typecheck', 'test', '-p', 'profiles', '--outputStyle=static', '--skip-nx-cache');
      expectSuccess(checks);
      expect(checks.output).toMatch(/Successfully ran targets lint, typecheck, test for project profiles/);

      // The app that bundles the registry bundles the new signal: its build must pass with it.
      const bundle = nx('run', 'ingest-app:build-main', '--outputStyle=static', '--skip-nx-cache');
      expectSuccess(bundle);
      expect(readFileSync(path.join(workspace.root, 'dist/apps/ingest/main.js'), 'utf-8')).toContain('/v1/profiles');

      appendFileSync(path.join(workspace.root, 'libs/signals/profiles/src/index.ts'), `import { spansSignal } from '@prism/spans';\n`);
      const lint = nx('run', 'profiles:lint', '--outputStyle=static', '--skip-nx-cache');
      expect(lint.status, lint.output).not.toBe(0);
      expect(lint.output).toContain('@nx/enforce-module-boundaries');
    },
    TIMEOUT_MS,
  );
});
