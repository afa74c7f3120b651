import { describe, expect, it } from 'vitest';
import { addSignalRegistration } from './register-signal';

const profiles = { importPath: '@prism/profiles', exportName: 'profilesSignal' };

const registry = `import type { Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { spansSignal } from '@prism/spans';

/** Edited by the signal generator. */
export const registeredSignalPlugins: readonly Signal[] = [
  spansSignal,
  logsSignal,
];
`;

describe('addSignalRegistration', () => {
  it('adds a sorted import and one line at the end of a multi-line array', () => {
    const edit = addSignalRegistration(registry, profiles);
    expect(edit).toEqual({
      ok: true,
      text: `import type { Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { profilesSignal } from '@prism/profiles';
import { spansSignal } from '@prism/spans';

/** Edited by the signal generator. */
export const registeredSignalPlugins: readonly Signal[] = [
  spansSignal,
  logsSignal,
  profilesSignal,
];
`,
    });
  });

  it('appends the import after the last one when it sorts last, and keeps a one-line array on one line', () => {
    const source = `import { aSignal } from '@prism/a';\nexport const registeredSignalPlugins = [aSignal] as const;\n`;
    const edit = addSignalRegistration(source, { importPath: '@prism/zebra', exportName: 'zebraSignal' });
    expect(edit.ok && edit.text).toBe(
      `import { aSignal } from '@prism/a';\nimport { zebraSignal } from '@prism/zebra';\nexport const registeredSignalPlugins = [aSignal, zebraSignal] as const;\n`,
    );
  });

  it('fills an empty array', () => {
    const edit = addSignalRegistration(`export const registeredSignalPlugins = [];\n`, profiles);
    expect(edit.ok && edit.text).toBe(`import { profilesSignal } from '@prism/profiles';\n\nexport const registeredSignalPlugins = [profilesSignal];\n`);
  });

  it('refuses a signal that is already imported', () => {
    expect(addSignalRegistration(registry, { importPath: '@prism/logs', exportName: 'logsSignal' })).toEqual({
      ok: false,
      reason: '@prism/logs is already registered',
    });
  });

  it('refuses a file without the registered array', () => {
    const edit = addSignalRegistration(`export const signals = [];\n`, profiles);
    expect(edit.ok).toBe(false);
    expect(!edit.ok && edit.reason).toMatch(/registeredSignalPlugins/);
  });

  it('ignores a look-alike in a comment', () => {
    const source = `// export const registeredSignalPlugins = [old];\nexport const registeredSignalPlugins = [\n    aSignal,\n];\n`;
    const edit = addSignalRegistration(source, profiles);
    expect(edit.ok && edit.text).toContain(`[\n    aSignal,\n    profilesSignal,\n];`);
    expect(edit.ok && edit.text).toContain('// export const registeredSignalPlugins = [old];');
  });
});
