import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_WASM_SPECIFIER, parquetWasm, parquetWasmSource } from './parquet-wasm';

const run = promisify(execFile);
const workspaceRoot = resolve(import.meta.dirname, '../../../..');

describe('parquetWasm', () => {
  it('loads the .wasm from node_modules where nothing embedded it', () => {
    const parquet = parquetWasm();
    expect(parquetWasmSource()).toBe('node_modules');
    expect(parquetWasm()).toBe(parquet); // instantiated once
  });

  describe('inside esbuild bundles', () => {
    let dir: string;
    /** Bundles a script that writes a one-column file and reads it back with the bundled copy. */
    const bundle = async (name: string, options: BuildOptions) => {
      const outfile = join(dir, `${name}.cjs`);
      await build({
        ...options,
        absWorkingDir: workspaceRoot,
        entryPoints: [join(dir, 'entry.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        logLevel: 'silent',
      });
      return outfile;
    };
    const runBundle = async (script: string, env: Record<string, string> = {}) => {
      const { stdout } = await run(process.execPath, [script], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
      return JSON.parse(stdout) as unknown;
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prism-parquet-wasm-'));
      const entry = `
        import { parquetWasm, parquetWasmSource } from ${JSON.stringify(join(import.meta.dirname, 'parquet-wasm.ts'))};
        import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
        const parquet = parquetWasm();
        const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(tableFromArrays({ n: Int32Array.of(1, 2, 3) }), 'stream')));
        const back = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
        process.stdout.write(JSON.stringify({ source: parquetWasmSource(), values: [...back.getChild('n')] }));
      `;
      await writeFile(join(dir, 'entry.ts'), entry);
    }, 60_000);
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('embeds the .wasm with the apps\u2019 alias and binary loader, and runs without node_modules', async () => {
      const script = await bundle('embedded', {
        alias: { [EMBEDDED_WASM_SPECIFIER]: 'parquet-wasm/esm/parquet_wasm_bg.wasm' },
        loader: { '.wasm': 'binary' },
        nodePaths: [join(workspaceRoot, 'node_modules')],
      });
      expect(await runBundle(script)).toEqual({ source: 'embedded', values: [1, 2, 3] });
    }, 60_000);

    it('reads the .wasm from node_modules in a bundle built without them', async () => {
      const script = await bundle('plain', { nodePaths: [join(workspaceRoot, 'node_modules')] });
      expect(await runBundle(script, { NODE_PATH: join(workspaceRoot, 'node_modules') })).toEqual({ source: 'node_modules', values: [1, 2, 3] });
      await expect(runBundle(script)).rejects.toThrow(/parquet_wasm_bg.wasm/); // and needs them
    }, 60_000);
  });
});
