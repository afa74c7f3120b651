/** Where the signal generator reads and writes, relative to the workspace root. */
export const WorkspacePaths = {
  signalsDir: 'libs/signals',
  registeredSignals: 'libs/signals/registry/src/registered-signals.ts',
  tsconfigBase: 'tsconfig.base.json',
} as const;

/** Import path of a signal library, e.g. `@prism/profiles`. */
export function signalImportPath(name: string): string {
  return `@prism/${name}`;
}
