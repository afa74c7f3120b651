import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FuzzTarget } from './fuzz-targets';

/** How one fuzz run goes. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Where failing inputs are saved and replayed from: `<corpus>/<target>/<sha256>.bin`. */
  corpusDir: string;
  /** A single case slower than this is a defect (a hang, or work out of proportion to the input). */
  maxCaseMs: number;
}

/** What a run did, for the test's log line. */
export interface FuzzSummary {
  target: string;
  runs: number;
  replayed: number;
  slowestCaseMs: number;
}

/** One edit of a byte string; positions are taken modulo its length. */
type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number }
  // A varint claiming a huge length or count: decoders must check it against the bytes left.
  | { kind: 'inflate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x22) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('inflate' as const), at: fc.nat() }),
);

const HUGE_VARINT = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f);

function applyMutation(input: Uint8Array, edit: Mutation): Uint8Array {
  const at = input.length === 0 ? 0 : edit.at % input.length;
  switch (edit.kind) {
    case 'flip': {
      if (input.length === 0) return input;
      const copy = input.slice();
      copy[at] ^= 1 << edit.bit;
      return copy;
    }
    case 'set': {
      if (input.length === 0) return Uint8Array.of(edit.value);
      const copy = input.slice();
      copy[at] = edit.value;
      return copy;
    }
    case 'insert':
      return concat(input.subarray(0, at), edit.bytes, input.subarray(at));
    case 'delete':
      return concat(input.subarray(0, at), input.subarray(at + edit.length));
    case 'truncate':
      return input.subarray(0, at);
    case 'duplicate':
      return concat(input.subarray(0, at + edit.length), input.subarray(at));
    case 'inflate':
      return concat(input.subarray(0, at), HUGE_VARINT, input.subarray(at));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Replaces the value at a path of a JSON document (choices pick keys and indexes) with another value. */
function replaceAt(document: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || document === null || typeof document !== 'object') return replacement;
  const [choice, ...rest] = choices;
  if (Array.isArray(document)) {
    if (document.length === 0) return [replacement];
    const copy = [...document];
    copy[choice % copy.length] = replaceAt(copy[choice % copy.length], rest, replacement);
    return copy;
  }
  const keys = Object.keys(document);
  if (keys.length === 0) return replacement;
  const key = keys[choice % keys.length];
  return { ...document, [key]: replaceAt((document as Record<string, unknown>)[key], rest, replacement) };
}

/** Values that break decoders more often than random JSON: edge numbers, wrong types, long strings. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, '18446744073709551616', '-1', '', 'NaN', '\u0000', null, [], {}, true),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constant('x'.repeat(70_000)),
);

function inputsOf(target: FuzzTarget): fc.Arbitrary<Uint8Array> {
  const arbitraries: fc.Arbitrary<Uint8Array>[] = [fc.uint8Array({ maxLength: 512 })];
  if (target.seeds.length > 0) {
    const seed = fc.constantFrom(...target.seeds);
    arbitraries.push(
      fc.tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([start, edits]) => edits.reduce(applyMutation, start)),
      fc.tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([start, edits]) => edits.reduce(applyMutation, start)),
    );
    if (target.json) {
      const encoder = new TextEncoder();
      const documents = target.seeds.map((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as unknown);
      arbitraries.push(
        fc
          .tuple(fc.constantFrom(...documents), fc.array(fc.nat(), { maxLength: 8 }), nastyJson)
          .map(([document, choices, replacement]) => encoder.encode(JSON.stringify(replaceAt(document, choices, replacement)))),
      );
    }
  }
  return fc.oneof(...arbitraries);
}

function runCase(target: FuzzTarget, input: Uint8Array, maxCaseMs: number): number {
  const started = performance.now();
  target.run(input);
  const elapsed = performance.now() - started;
  if (elapsed > maxCaseMs) throw new Error(`${target.name}: one input of ${input.length} bytes took ${Math.round(elapsed)} ms (limit ${maxCaseMs} ms)`);
  return elapsed;
}

function corpusOf(options: FuzzOptions, target: FuzzTarget): string {
  return join(options.corpusDir, target.name);
}

/** The saved failing inputs of a target, oldest defects first (by file name, which is their hash). */
export function savedInputs(options: FuzzOptions, target: FuzzTarget): Uint8Array[] {
  let files: string[];
  try {
    files = readdirSync(corpusOf(options, target)).filter((file) => file.endsWith('.bin'));
  } catch {
    return [];
  }
  return files.sort().map((file) => new Uint8Array(readFileSync(join(corpusOf(options, target), file))));
}

function saveInput(options: FuzzOptions, target: FuzzTarget, input: Uint8Array): string {
  const dir = corpusOf(options, target);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${createHash('sha256').update(input).digest('hex').slice(0, 16)}.bin`);
  writeFileSync(path, input);
  return path;
}

/**
 * Replays the target's saved inputs, then runs `options.runs` generated ones (random bytes,
 * mutated seeds, mutated JSON documents). The first defect is shrunk by fast-check to a small
 * input, saved to the corpus (commit it: it is replayed on every run from then on), and thrown.
 */
export function fuzz(target: FuzzTarget, options: FuzzOptions): FuzzSummary {
  const replay = savedInputs(options, target);
  let slowest = 0;
  for (const input of replay) slowest = Math.max(slowest, runCase(target, input, options.maxCaseMs));
  const result = fc.check(
    fc.property(inputsOf(target), (input) => {
      slowest = Math.max(slowest, runCase(target, input, options.maxCaseMs));
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  if (result.failed) {
    const input = (result.counterexample as [Uint8Array] | null)?.[0];
    const saved = input === undefined ? 'no input recorded' : `saved as ${saveInput(options, target, input)}`;
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`${target.name}: defect after ${result.numRuns} cases (seed ${options.seed}), ${saved}: ${cause}`, { cause: result.errorInstance });
  }
  return { target: target.name, runs: result.numRuns, replayed: replay.length, slowestCaseMs: Math.round(slowest * 10) / 10 };
}
