import { CorruptDataError } from '../errors';
import type { ObjectReader } from '../object-store/object-store';
import type { SegmentFileSource } from '../segment/segment-files';

/** Reads a sealed segment's files under an object-store prefix; blocks come by ranged gets. */
export class ObjectSegmentFiles implements SegmentFileSource {
  constructor(
    private readonly store: Pick<ObjectReader, 'get' | 'getRange'>,
    private readonly prefix: string,
  ) {}

  locate(path: string): string {
    return `${this.prefix}/${path}`;
  }

  read(path: string): Promise<Uint8Array> {
    return this.store.get(this.locate(path));
  }

  async readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    if (length === 0) return new Uint8Array(0);
    const key = this.locate(path);
    const bytes = await this.store.getRange(key, offset, length);
    if (bytes.length !== length) throw new CorruptDataError('block object is shorter than its manifest says', key);
    return bytes;
  }
}
