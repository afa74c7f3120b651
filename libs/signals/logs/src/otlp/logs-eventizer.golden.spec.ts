import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, rowsOf } from '@prism/contract';
import { decodeLogsRequest } from '@prism/otlp';
import { encodeLogsRequestProtobuf, toGoldenRows } from '@prism/otlp/testing';
import { describe, expect, it } from 'vitest';
import { eventizeLogs } from './logs-eventizer';

const testData = join(import.meta.dirname, '..', '..', 'test-data');
const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

// The OTLP example requests (copied from the OTLP spec repo, decoded by @prism/otlp) against reviewed golden rows.
// Regenerate with PRISM_UPDATE_GOLDEN=1 and review the diff.
describe.each(['otlp-logs', 'otlp-events'])('%s.json', (name) => {
  it('eventizes to the golden rows', () => {
    const decoded = decodeLogsRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    const request = decoded.value;
    const result = eventizeLogs(request, context);
    const rows = toGoldenRows(rowsOf(result.batch));
    const goldenPath = join(testData, `${name}.rows.json`);
    if (process.env['PRISM_UPDATE_GOLDEN'] === '1') writeFileSync(goldenPath, JSON.stringify(rows, null, 2) + '\n');
    expect(result.rejected).toEqual([]);
    expect(result.acceptedRecords).toBe(1);
    expect(rows).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });

  it('gives the same rows when the request arrives as protobuf', () => {
    const fromJson = decodeLogsRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!fromJson.ok) throw fromJson.error;
    const fromProtobuf = decodeLogsRequest(encodeLogsRequestProtobuf(fromJson.value), ContentType.protobuf);
    if (!fromProtobuf.ok) throw fromProtobuf.error;
    expect(rowsOf(eventizeLogs(fromProtobuf.value, context).batch)).toEqual(rowsOf(eventizeLogs(fromJson.value, context).batch));
  });
});
