import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWasm, parquetWasmSource } from './parquet-wasm';

const run = promisify(execFile);

describe('parquetWasm', () => {
  it('loads the .wasm from node_modules where nothing embedded it', () => {
    const parquet = parquetWasm();
    expect(parquetWasmSource()).toBe('node_modules');
    expect(parquetWasm()).toBe(parquet); // instantiated once
  });

  describe('inside an esbuild bundle (loader .wasm: binary)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prism-parquet-wasm-'));
      // Writes a one-column file and reads it back, all with the bundled copy.
      const entry = `
        import { parquetWasm, parquetWasmSource } from ${JSON.stringify(join(import.meta.dirname, 'parquet-wasm.ts'))};
        import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
        const parquet = parquetWasm();
        const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(tableFromArrays({ n: Int32Array.of(1, 2, 3) }), 'stream')));
        const back = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
        process.stdout.write(JSON.stringify({ source: parquetWasmSource(), values: [...back.getChild('n')] }));
      `;
      await writeFile(join(dir, 'entry.ts'), entry);
      await build({
        entryPoints: [join(dir, 'entry.ts')],
        outfile: join(dir, 'bundle.cjs'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        loader: { '.wasm': 'binary' },
        nodePaths: [join(import.meta.dirname, '..', '..', '..', '..', 'node_modules')],
        logLevel: 'silent',
      });
    }, 60_000);
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('runs from a directory without node_modules on the embedded bytes', async () => {
      const { stdout } = await run(process.execPath, [join(dir, 'bundle.cjs')], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
      expect(JSON.parse(stdout)).toEqual({ source: 'embedded', values: [1, 2, 3] });
    }, 30_000);
  });
});
