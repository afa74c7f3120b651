import { tableFromIPC, type Table } from 'apache-arrow';
import type * as parquet from 'parquet-wasm/esm';
import type { ObjectReader } from '../object-store/object-store';
import { parquetWasm } from './parquet-wasm';

/** What one read fetched from the object store. */
export interface FetchStats {
  requests: number;
  bytes: number;
}

/**
 * A Blob whose bytes stay in the object store: parquet-wasm's async reader asks a Blob for
 * `slice(a, b).arrayBuffer()` per footer, page index and column chunk it needs, so each becomes
 * one ranged get. Nothing is downloaded until parquet-wasm asks for it.
 */
class ObjectRangeBlob extends Blob {
  constructor(
    private readonly fetchRange: (offset: number, length: number) => Promise<Uint8Array>,
    private readonly start: number,
    end: number,
  ) {
    super([]);
    // Blob's `size` is a read-only accessor over its own bytes; this one has none, so shadow it.
    Object.defineProperty(this, 'size', { value: end - start });
  }

  override slice(start = 0, end = this.size): Blob {
    const clamp = (value: number) => Math.max(0, Math.min(this.size, value < 0 ? this.size + value : value));
    return new ObjectRangeBlob(this.fetchRange, this.start + clamp(start), this.start + Math.max(clamp(start), clamp(end)));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.size === 0) return new ArrayBuffer(0);
    const bytes = await this.fetchRange(this.start, this.size);
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  }
}

/**
 * Reads a Parquet object with ranged gets only: the footer (last 8 bytes, then the metadata),
 * the page index, and the column chunks of the chosen columns and row groups. The footer is read
 * once per reader; keep readers of immutable files around to save it.
 *
 * @example
 * const reader = new ParquetObjectReader(store, key, sizeBytes);
 * const table = await reader.read({ rowGroups: [2], columns: ['trace_id', 'name'] });
 */
export class ParquetObjectReader {
  /** Everything fetched since the reader was made. */
  readonly fetched: FetchStats = { requests: 0, bytes: 0 };
  private file: Promise<parquet.ParquetFile> | undefined;

  constructor(
    private readonly store: Pick<ObjectReader, 'getRange'>,
    readonly key: string,
    readonly sizeBytes: number,
  ) {}

  /** The chosen row groups (all when absent) and columns (all when absent) as an Arrow table. */
  async read(selection: { rowGroups?: readonly number[]; columns?: readonly string[] } = {}): Promise<Table> {
    const file = await this.open();
    const options: parquet.ReaderOptions = { batchSize: 1 << 20 };
    if (selection.rowGroups !== undefined) options.rowGroups = [...selection.rowGroups];
    if (selection.columns !== undefined) options.columns = [...selection.columns];
    const wasmTable = await file.read(options);
    return tableFromIPC(wasmTable.intoIPCStream());
  }

  /** Frees the parsed footer held in WebAssembly memory. */
  async close(): Promise<void> {
    if (this.file !== undefined) (await this.file).free();
    this.file = undefined;
  }

  private open(): Promise<parquet.ParquetFile> {
    this.file ??= parquetWasm().ParquetFile.fromFile(
      new ObjectRangeBlob(
        async (offset, length) => {
          const bytes = await this.store.getRange(this.key, offset, length);
          this.fetched.requests++;
          this.fetched.bytes += bytes.byteLength;
          return bytes;
        },
        0,
        this.sizeBytes,
      ),
    );
    return this.file;
  }
}
