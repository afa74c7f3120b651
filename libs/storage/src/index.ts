export { HotStoreWriter, defaultHotStoreWriterOptions } from './hot-store-writer';
export type { HotStoreWriterOptions, PreparedBatch } from './hot-store-writer';
export { isCommitPublished } from './segment/published-commit';
export type { RecordedCommit } from './segment/published-commit';
export { SegmentWriter } from './segment/segment-writer';
export type { SegmentWriterOptions } from './segment/segment-writer';
export type { PreparedBlock, PreparedCommit, SegmentTotals } from './segment/prepared-commit';
export { SegmentLease, formatLease, parseLease } from './segment/segment-lease';
export type { LeaseRecord } from './segment/segment-lease';
export { parseSegmentId, segmentWindowOf } from './segment/segment-window';
export type { SegmentWindow } from './segment/segment-window';
export { SegmentReader, openSegmentReader } from './segment-reader';
export type { CommitBlockStats, ReadColumnsOptions } from './segment-reader';
export { DEFAULT_CACHED_SEGMENT_READERS, SegmentReaderCache } from './segment/segment-reader-cache';
export { listSegments } from './segment-listing';
export type { SegmentListing } from './segment-listing';
export { DiskName, datasetDir, segmentPaths } from './disk-names';
export { assertSafeId, columnDirName } from './names';
export { MANIFEST_FORMAT_VERSION } from './format/manifest';
export type { ManifestColumn, ManifestCommit, SegmentManifest } from './format/manifest';
export { BLOCK_FORMAT_VERSION } from './format/block-format';
export type { BlockStats } from './format/block-stats';
export { BLOOM_HASH } from './format/bloom-index';
export type { SavedBloom } from './format/bloom-index';
export type { LookupValue } from './format/stat-keys';
export { allEncodings } from './encodings/encoding-registry';
export type { BlockEncoding } from './encodings/block-encoding';
export { CommitStateError, CorruptDataError, InvalidBatchError, InvalidNameError, LeaseHeldError, LeaseLostError } from './errors';
export { MAX_LIST_LIMIT } from './object-store/object-store';
export type {
  ListOptions,
  ListPage,
  ListedObject,
  MultipartWriter,
  ObjectBody,
  ObjectInfo,
  ObjectReader,
  ObjectStore,
  ObjectWriter,
  PutOptions,
  UploadedPart,
} from './object-store/object-store';
export { InvalidArgumentError, InvalidKeyError, InvalidRangeError, ObjectNotFoundError, ObjectStoreError } from './object-store/object-store-errors';
export { assertValidKey, compareKeys } from './object-store/object-key';
export { putInParts } from './object-store/put-in-parts';
export { FilesystemObjectStore, STAGING_DIR_NAME, defaultFilesystemObjectStoreOptions } from './object-store/filesystem/filesystem-object-store';
export type { FilesystemObjectStoreOptions } from './object-store/filesystem/filesystem-object-store';
export { MIN_S3_PART_SIZE, S3ObjectStore, defaultS3ObjectStoreOptions } from './object-store/s3/s3-object-store';
export type { S3ObjectStoreOptions } from './object-store/s3/s3-object-store';
export { withRetries } from './object-store/retrying/with-retries';
export { CIRCUIT_OPEN_CODE, defaultCircuitBreakerOptions, withCircuitBreaker } from './object-store/circuit/with-circuit-breaker';
export type { CircuitBreakerOptions } from './object-store/circuit/with-circuit-breaker';
export { backoffDelayMs, defaultRetryOptions, isTransientError } from './object-store/retrying/retry-policy';
export type { RetryEvent, RetryOptions } from './object-store/retrying/retry-policy';
export { objectStoreFromOptions } from './object-store/object-store-from-options';
export type { ObjectStoreConfig } from './object-store/object-store-from-options';
export { DirectorySegmentFiles, SegmentFile, filesReferencedBy } from './segment/segment-files';
export type { SegmentFileSource } from './segment/segment-files';
export { SegmentNotSealedError, openWarmSegmentReader, readSealedMarker } from './warm/warm-segment-reader';
export { ObjectSegmentFiles } from './warm/object-segment-files';
export { SEALED_MARKER, SEALED_MARKER_VERSION, parseSealedMarker } from './warm/sealed-marker';
export type { SealedFile, SealedMarker } from './warm/sealed-marker';
export { sealedSegmentPrefix, spreadHashOf } from './warm/sealed-segment-key';
export type { SealedSegmentLocation } from './warm/sealed-segment-key';
export { defaultSealedUploadOptions, uploadSealedSegment } from './warm/warm-segment-upload';
export type { SealedUploadOptions } from './warm/warm-segment-upload';
export { SegmentSealedError } from './errors';
export { freezeHotSegment, readSealRecord } from './segment/segment-seal';
export type { FreezeOptions, FrozenSegment, SealRecord } from './segment/segment-seal';
export { segmentGenerationOf, windowGeneration } from './segment/segment-window';
export { HOUR_NS, PARQUET_FORMAT_VERSION, hourStartOf, parquetHourPrefix, parquetPartKey } from './parquet/parquet-layout';
export type { ParquetPartAddress } from './parquet/parquet-layout';
export { defaultParquetWriteOptions, writeParquetPart } from './parquet/parquet-writer';
export type { ChunkRange, ParquetRowGroupInfo, ParquetWriteOptions, WrittenParquet } from './parquet/parquet-writer';
export { ParquetObjectReader } from './parquet/parquet-object-reader';
export type { FetchStats } from './parquet/parquet-object-reader';
export { BlockBloom } from './format/bloom-index';
export { statKey } from './format/stat-keys';
export { encodeRows, transferListOf } from './segment/encoded-rows';
export type { EncodedChunk, EncodedRows, EncodedWindowRows, RowEncodingOptions } from './segment/encoded-rows';
