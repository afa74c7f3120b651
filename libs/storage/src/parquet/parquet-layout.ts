import { assertSafeId } from '../names';

/** Version of Prism's Parquet layout (schema conventions, sort, catalog records); recorded per file. */
export const PARQUET_FORMAT_VERSION = 1;

const NS_PER_HOUR = 3_600_000_000_000n;

/** Where one Parquet part of a tenant/dataset/hour lives in the object store. */
export interface ParquetPartAddress {
  shardId: number;
  tenantId: string;
  dataset: string;
  /** Start of the UTC hour, nanoseconds since the epoch. */
  hourStartNs: bigint;
  /** 1 for the first compaction of the hour, then 2, 3 … for late data compacted later. */
  part: number;
}

/** The start (ns) of the UTC hour holding `timestampNs`. */
export function hourStartOf(timestampNs: bigint): bigint {
  const remainder = timestampNs % NS_PER_HOUR;
  return timestampNs - (remainder < 0n ? remainder + NS_PER_HOUR : remainder);
}

/** One hour in nanoseconds. */
export const HOUR_NS = NS_PER_HOUR;

/**
 * The object key of a Parquet part, Hive-partitioned:
 * `shard=<s>/tenant=<t>/dataset=<d>/dt=YYYY-MM-DD/hour=HH/part-NNN.parquet`.
 * @example parquetPartKey({ shardId: 0, tenantId: 'acme', dataset: 'spans', hourStartNs, part: 1 })
 */
export function parquetPartKey(address: ParquetPartAddress): string {
  assertSafeId('tenant', address.tenantId);
  assertSafeId('dataset', address.dataset);
  if (!Number.isInteger(address.part) || address.part < 1 || address.part > 999) throw new RangeError(`part ${address.part} is not in 1..999`);
  return `${parquetHourPrefix(address)}part-${String(address.part).padStart(3, '0')}.parquet`;
}

/** The key prefix (ending in `/`) of every part of one tenant/dataset/hour. */
export function parquetHourPrefix(address: Omit<ParquetPartAddress, 'part'>): string {
  const hour = new Date(Number(hourStartOf(address.hourStartNs) / 1_000_000n));
  const day = hour.toISOString().slice(0, 10);
  const hh = String(hour.getUTCHours()).padStart(2, '0');
  return `shard=${address.shardId}/tenant=${address.tenantId}/dataset=${address.dataset}/dt=${day}/hour=${hh}/`;
}
