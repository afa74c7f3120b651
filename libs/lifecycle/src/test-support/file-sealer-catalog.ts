import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Segment, SegmentState } from '@prism/catalog';
import type { SealerCatalog } from '../sealer/sealer-catalog';

type StoredSegment = Omit<Segment, 'minTimestampNs' | 'maxTimestampNs' | 'createdAt' | 'updatedAt'> & {
  minTimestampNs: string;
  maxTimestampNs: string;
  updatedAt: number;
};

/**
 * A sealer catalog in one JSON file, replaced by rename on every change: survives a SIGKILL of
 * the process using it, so the crash test can stop a sealer anywhere and resume in another process.
 * Same transition rules as the real catalog for the calls the sealer makes.
 */
export class FileSealerCatalog implements SealerCatalog {
  constructor(private readonly file: string) {}

  /** Writes the initial segments. */
  static create(file: string, segments: Segment[]): FileSealerCatalog {
    const catalog = new FileSealerCatalog(file);
    catalog.save(
      segments.map((segment) => ({
        ...segment,
        minTimestampNs: String(segment.minTimestampNs),
        maxTimestampNs: String(segment.maxTimestampNs),
        updatedAt: segment.updatedAt.getTime(),
        createdAt: undefined,
      })),
    );
    return catalog;
  }

  async tenantIds(): Promise<string[]> {
    return [...new Set(this.load().map((segment) => segment.tenantId))].sort();
  }

  async segmentsInState(tenantId: string, state: SegmentState, limit: number): Promise<Segment[]> {
    return this.segments()
      .filter((segment) => segment.tenantId === tenantId && segment.state === state)
      .slice(0, limit);
  }

  async beginSealing(_tenantId: string, segmentId: string): Promise<void> {
    this.update(segmentId, (segment) => {
      if (segment.state === 'sealing') return;
      if (segment.state !== 'open') throw new Error(`${segmentId}: ${segment.state} → sealing`);
      segment.state = 'sealing';
    });
  }

  async markSealed(_tenantId: string, segmentId: string, objectPrefix: string): Promise<void> {
    this.update(segmentId, (segment) => {
      if (segment.state === 'sealed' && segment.objectPrefix === objectPrefix) return;
      if (segment.state !== 'sealing') throw new Error(`${segmentId}: ${segment.state} → sealed`);
      segment.state = 'sealed';
      segment.objectPrefix = objectPrefix;
    });
  }

  /** Every segment, as the real catalog would return it. */
  segments(): Segment[] {
    return this.load().map((segment) => ({
      ...segment,
      minTimestampNs: BigInt(segment.minTimestampNs),
      maxTimestampNs: BigInt(segment.maxTimestampNs),
      createdAt: new Date(0),
      updatedAt: new Date(segment.updatedAt),
    }));
  }

  private update(segmentId: string, change: (segment: StoredSegment) => void): void {
    const segments = this.load();
    const segment = segments.find((candidate) => candidate.segmentId === segmentId);
    if (segment === undefined) throw new Error(`no segment ${segmentId}`);
    change(segment);
    this.save(segments);
  }

  private load(): StoredSegment[] {
    return JSON.parse(readFileSync(this.file, 'utf8')) as StoredSegment[];
  }

  private save(segments: unknown[]): void {
    writeFileSync(`${this.file}.tmp`, JSON.stringify(segments));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
