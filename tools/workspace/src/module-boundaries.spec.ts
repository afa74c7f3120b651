import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from './workspace-projects';

/**
 * Lints a fixture source text as if it were a file inside a real project, so the real ESLint
 * config and the real project graph decide. Only the boundary rule's messages are returned.
 */
async function boundaryErrors(eslint: ESLint, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${workspaceRoot}/${filePath}` });
  return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
}

describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    eslint = new ESLint({ cwd: workspaceRoot });
  });

  it('fails lint when a signal library imports another signal library', async () => {
    const errors = await boundaryErrors(
      eslint,
      'libs/signals/logs/src/boundary-fixture.ts',
      "import { spansSignal } from '@prism/spans';\nexport const leaked = spansSignal;\n",
    );
    expect(errors.join('\n')).toMatch(/A project tagged with "scope:signal" can only depend on libs tagged with "scope:contract", "scope:otlp"/);
  });

  it('fails lint when storage imports a signal library', async () => {
    const errors = await boundaryErrors(
      eslint,
      'libs/storage/src/boundary-fixture.ts',
      "import { logsSignal } from '@prism/logs';\nexport const leaked = logsSignal;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:storage/);
  });

  it('fails lint when the catalog imports the AWS SDK, which belongs to storage backends', async () => {
    const errors = await boundaryErrors(
      eslint,
      'libs/catalog/src/boundary-fixture.ts',
      "import { S3Client } from '@aws-sdk/client-s3';\nexport const client = S3Client;\n",
    );
    expect(errors.join('\n')).toMatch(/"scope:catalog" is not allowed to import "@aws-sdk\/client-s3"/);
  });

  it('fails lint when a signal library imports storage', async () => {
    const errors = await boundaryErrors(
      eslint,
      'libs/signals/metrics/src/boundary-fixture.ts',
      "import * as storage from '@prism/storage';\nexport const leaked = storage;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:signal/);
  });

  it('passes lint when a signal library imports the shared contract', async () => {
    const errors = await boundaryErrors(
      eslint,
      'libs/signals/logs/src/boundary-fixture.ts',
      "import { RowBatchBuilder } from '@prism/contract';\nexport const builder = new RowBatchBuilder();\n",
    );
    expect(errors).toEqual([]);
  });
});
