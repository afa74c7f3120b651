import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, rowsOf } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { encodeTracesRequestProtobuf, toGoldenRows } from '@prism/otlp/testing';
import { describe, expect, it } from 'vitest';
import { eventizeTraces } from './traces-eventizer';

const testData = join(import.meta.dirname, '..', '..', 'test-data');
const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

// otlp-trace.json is the OTLP spec's example request; otlp-trace-rich.json adds events, links,
// status, flags, a second resource, a type conflict and one invalid span. Both are decoded by
// @prism/otlp and compared with reviewed golden rows. Regenerate with PRISM_UPDATE_GOLDEN=1 and
// review the diff.
describe.each([
  { name: 'otlp-trace', accepted: 1, rejected: [] },
  {
    name: 'otlp-trace-rich',
    accepted: 2,
    rejected: [
      {
        path: 'resourceSpans[0].scopeSpans[0].spans[1].endTimeUnixNano',
        message: 'before startTimeUnixNano (1700000000005000000 < 1700000000010000000)',
      },
    ],
  },
])('$name.json', ({ name, accepted, rejected }) => {
  it('eventizes to the golden rows', () => {
    const decoded = decodeTracesRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    expect(decoded.issues).toEqual([]);
    const result = eventizeTraces(decoded.value, context);
    const rows = toGoldenRows(rowsOf(result.batch));
    const goldenPath = join(testData, `${name}.rows.json`);
    if (process.env['PRISM_UPDATE_GOLDEN'] === '1') writeFileSync(goldenPath, JSON.stringify(rows, null, 2) + '\n');
    expect(result.rejected).toEqual(rejected);
    expect(result.acceptedRecords).toBe(accepted);
    expect(rows).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
  it('gives the same rows when the request arrives as protobuf', () => {
    const fromJson = decodeTracesRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!fromJson.ok) throw fromJson.error;
    const fromProtobuf = decodeTracesRequest(encodeTracesRequestProtobuf(fromJson.value), ContentType.protobuf);
    if (!fromProtobuf.ok) throw fromProtobuf.error;
    expect(rowsOf(eventizeTraces(fromProtobuf.value, context).batch)).toEqual(rowsOf(eventizeTraces(fromJson.value, context).batch));
  });
});
