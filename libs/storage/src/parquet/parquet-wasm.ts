import { readFileSync } from 'node:fs';
import * as parquetWasmModule from 'parquet-wasm/esm';

/** parquet-wasm's API (the ESM build, whose WebAssembly is instantiated by `parquetWasm()`). */
export type ParquetWasm = typeof parquetWasmModule;

const WASM_SPECIFIER = 'parquet-wasm/esm/parquet_wasm_bg.wasm';
/** The name a bundle maps to {@link WASM_SPECIFIER} to embed the WebAssembly (see the storage README). */
export const EMBEDDED_WASM_SPECIFIER = 'prism-embedded-parquet-wasm';

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
 * The bytes a bundle embedded under {@link EMBEDDED_WASM_SPECIFIER}, or undefined. No package has
 * that name: esbuild leaves a `require` it cannot resolve inside try/catch to run time, where it
 * throws, unless the build maps the name to the `.wasm` (`alias`) and loads it as bytes
 * (`loader: { '.wasm': 'binary' }`), as the apps' build targets do.
 */
function embeddedWasmBytes(): Uint8Array | undefined {
  try {
    // A literal, so that esbuild can resolve it through the alias.
    const loaded: unknown = require('prism-embedded-parquet-wasm');
    if (loaded instanceof Uint8Array) return loaded;
    const fallback = (loaded as { default?: unknown } | null)?.default;
    return fallback instanceof Uint8Array ? fallback : undefined;
  } catch {
    return undefined;
  }
}
