import { readFileSync } from 'node:fs';
import * as parquetWasmModule from 'parquet-wasm/esm';

/** parquet-wasm's API (the ESM build, whose WebAssembly is instantiated by `parquetWasm()`). */
export type ParquetWasm = typeof parquetWasmModule;

const WASM_SPECIFIER = 'parquet-wasm/esm/parquet_wasm_bg.wasm';

let initialized = false;
let source: 'embedded' | 'node_modules' | undefined;

/**
 * parquet-wasm, its WebAssembly instantiated on first use. The default (`node`) build reads its
 * `.wasm` from `__dirname`, which an esbuild bundle does not have; the ESM build takes the bytes
 * from us instead: embedded by the bundler (esbuild `loader: { '.wasm': 'binary' }`) when
 * parquet-wasm is bundled, else read from node_modules (vitest, node, bundles that keep
 * parquet-wasm external).
 */
export function parquetWasm(): ParquetWasm {
  if (!initialized) {
    parquetWasmModule.initSync({ module: wasmBytes() });
    initialized = true;
  }
  return parquetWasmModule;
}

/** Where the `.wasm` bytes came from (`embedded` inside a bundle); undefined before first use. */
export function parquetWasmSource(): 'embedded' | 'node_modules' | undefined {
  return source;
}

function wasmBytes(): Uint8Array {
  const embedded = embeddedWasmBytes();
  if (embedded !== undefined) {
    source = 'embedded';
    return embedded;
  }
  source = 'node_modules';
  return readFileSync(require.resolve(WASM_SPECIFIER));
}

/**
 * The bytes a bundler inlined for the literal `require` below, or undefined where nothing was
 * inlined: Node's own `require` then tries to load the `.wasm` as JavaScript and throws.
 */
function embeddedWasmBytes(): Uint8Array | undefined {
  try {
    // The literal specifier is what lets esbuild find and embed the file.
    const loaded: unknown = require('parquet-wasm/esm/parquet_wasm_bg.wasm');
    if (loaded instanceof Uint8Array) return loaded;
    const fallback = (loaded as { default?: unknown } | null)?.default;
    return fallback instanceof Uint8Array ? fallback : undefined;
  } catch {
    return undefined;
  }
}
