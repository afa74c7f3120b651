import { ContentType, decodeAndEventize, rowsOf } from '@prism/contract';
import { spansSignal } from '@prism/spans';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../harness';
import { defaultSpanWorkloadOptions, SPAN_ATTRIBUTE_KEYS, SpanWorkload } from './span-workload';

function workload(spans: number, seed = 7): SpanWorkload {
  return new SpanWorkload({ ...defaultSpanWorkloadOptions(seededRandom(seed), spans), batch: 500, windowMinutes: 60 }, 8);
}

function eventize(body: Uint8Array) {
  const result = decodeAndEventize(spansSignal.ingest, body, ContentType.protobuf, { tenantId: 't', ingestTs: 1n });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('SpanWorkload', () => {
  it('produces exactly the requested spans in requests of at most `batch`, then stops', () => {
    const source = workload(1200);
    const sizes: number[] = [];
    for (let request = source.next(); request !== undefined; request = source.next()) sizes.push(request.spans);
    expect(sizes).toEqual([500, 500, 200]);
    expect(source.done).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(workload(300).next()?.body).toEqual(workload(300).next()?.body);
    expect(workload(300, 8).next()?.body).not.toEqual(workload(300).next()?.body);
  });

  it('eventizes into the rows it announces: spans with 20 attributes, errors with one exception event', () => {
    const request = workload(500).next();
    if (request === undefined) throw new Error('no request');
    const { batch, acceptedRecords, rejected } = eventize(request.body);
    expect(rejected).toEqual([]);
    expect(acceptedRecords).toBe(500);
    expect(batch.numRows).toBe(request.rows);
    const rows = rowsOf(batch);
    const spans = rows.filter((row) => row.signal_type === 'span');
    const events = rows.filter((row) => row.signal_type === 'span_event');
    expect(spans).toHaveLength(500);
    expect(events).toHaveLength(spans.filter((row) => row['status.code'] === 2n).length);
    expect(events.length).toBeGreaterThan(5);
    expect(events.length).toBeLessThan(60);
    for (const key of SPAN_ATTRIBUTE_KEYS) expect(spans[0]).toHaveProperty(`span.attr.${key}`);
  });

  it('spreads timestamps over the window and skews service popularity', () => {
    const source = workload(4000);
    const timestamps: bigint[] = [];
    const services = new Map<string, number>();
    for (let request = source.next(); request !== undefined; request = source.next()) {
      for (const row of rowsOf(eventize(request.body).batch)) {
        if (row.signal_type !== 'span') continue;
        timestamps.push(row.timestamp as bigint);
        const service = String(row['resource.service.name']);
        services.set(service, (services.get(service) ?? 0) + 1);
      }
    }
    const start = BigInt(source.options.startMs) * 1_000_000n;
    const spreadMinutes = Number((timestamps.reduce((a, b) => (b > a ? b : a)) - start) / 60_000_000_000n);
    expect(spreadMinutes).toBeGreaterThanOrEqual(58);
    expect(spreadMinutes).toBeLessThanOrEqual(61);
    expect(new Set(timestamps).size).toBe(timestamps.length);
    expect(services.get('service-0') ?? 0).toBeGreaterThan(5 * (services.get('service-40') ?? 0));
  });

  it('remembers sample traces with their row counts, spread over the workload', () => {
    const source = workload(4000);
    const rowsByTrace = new Map<string, number>();
    for (let request = source.next(); request !== undefined; request = source.next()) {
      for (const row of rowsOf(eventize(request.body).batch)) {
        const id = Buffer.from(row.trace_id as Uint8Array).toString('hex');
        rowsByTrace.set(id, (rowsByTrace.get(id) ?? 0) + 1);
      }
    }
    expect(source.traceSamples).toHaveLength(8);
    for (const sample of source.traceSamples) expect(rowsByTrace.get(sample.traceIdHex)).toBe(sample.rows);
  });
});
