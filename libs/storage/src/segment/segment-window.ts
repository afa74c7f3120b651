import { DiskName } from '../disk-names';
import { InvalidNameError } from '../errors';

const NS_PER_MS = 1_000_000n;
const SEGMENT_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-(\d+)s(?:~([2-9]|[1-9]\d+))?$/;

/**
 * A segment's time window: `[startNs, endNs)` and its id, e.g. `20231114T221000Z-300s`. Once a
 * segment is sealed, later rows of its window go to the next generation, `20231114T221000Z-300s~2`
 * (then `~3`, …): same window, a new segment.
 */
export interface SegmentWindow {
  segmentId: string;
  startNs: bigint;
  endNs: bigint;
}

/** The window of `durationMs` (a whole number of seconds) that holds `timestampNs`. */
export function segmentWindowOf(timestampNs: bigint, durationMs: number): SegmentWindow {
  const durationNs = BigInt(durationMs) * NS_PER_MS;
  let startNs = (timestampNs / durationNs) * durationNs;
  if (startNs > timestampNs) startNs -= durationNs; // bigint division truncates toward zero
  return { segmentId: segmentIdOf(startNs, durationMs), startNs, endNs: startNs + durationNs };
}

function segmentIdOf(startNs: bigint, durationMs: number): string {
  const iso = new Date(Number(startNs / NS_PER_MS)).toISOString(); // 2023-11-14T22:10:00.000Z
  const compact = iso.slice(0, 19).replace(/[-:]/g, '');
  return `${compact}Z-${durationMs / 1000}s`;
}

/** The window a segment id names (generations included), or undefined when `segmentId` is not one. */
export function parseSegmentId(segmentId: string): SegmentWindow | undefined {
  const match = SEGMENT_ID_PATTERN.exec(segmentId);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, seconds, generation] = match;
  const startMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(startMs) || Number(seconds) === 0) return undefined;
  const startNs = BigInt(startMs) * NS_PER_MS;
  const window = { segmentId, startNs, endNs: startNs + BigInt(seconds) * 1_000_000_000n };
  const windowId = segmentIdOf(startNs, Number(seconds) * 1000);
  return (generation === undefined ? windowId : `${windowId}${DiskName.generationSeparator}${generation}`) === segmentId ? window : undefined;
}

/** Like {@link parseSegmentId} but throws {@link InvalidNameError}. */
export function requireSegmentId(segmentId: string): SegmentWindow {
  const window = parseSegmentId(segmentId);
  if (window === undefined) throw new InvalidNameError('segment', segmentId);
  return window;
}

/** A segment id's generation: 1 for the window id itself, n for `<window id>~n`. */
export function segmentGenerationOf(segmentId: string): number {
  const at = segmentId.lastIndexOf(DiskName.generationSeparator);
  return at < 0 ? 1 : Number(segmentId.slice(at + 1));
}

/** The same window as generation `generation` (1 is the plain window id). */
export function windowGeneration(window: SegmentWindow, generation: number): SegmentWindow {
  const at = window.segmentId.lastIndexOf(DiskName.generationSeparator);
  const windowId = at < 0 ? window.segmentId : window.segmentId.slice(0, at);
  return { ...window, segmentId: generation === 1 ? windowId : `${windowId}${DiskName.generationSeparator}${generation}` };
}
