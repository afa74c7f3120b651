import { describe, expect, it } from 'vitest';
import { seededRandom } from '../harness';
import { spansRequest } from '../workloads/otlp-workload';
import { multiRowInsert, peerBatchOf, peerValuesWithVariant } from './postgres-peer';

const body = spansRequest({ random: seededRandom(5), services: 5, operations: 20 }, 16);

describe('PostgreSQL peer rows', () => {
  it('turns every span into 9 parameters with JSON attributes, resource, status and events', () => {
    const batch = peerBatchOf(body);
    expect(batch.rows).toBe(16);
    expect(batch.values).toHaveLength(16 * 9);
    const [traceId, spanId, parent, name, kind, start, end, service, attributes] = batch.values.slice(0, 9);
    expect((traceId as Buffer).length).toBe(16);
    expect((spanId as Buffer).length).toBe(8);
    expect(parent).toBeNull(); // the first span of each trace is a root
    expect(name).toMatch(/^(GET|POST|PUT|DELETE) \/api\/v1\/resource-\d+$/);
    expect(kind).toBe(2);
    expect(BigInt(end as string) > BigInt(start as string)).toBe(true);
    expect(service).toMatch(/^service-\d+$/);
    const json = JSON.parse(attributes as string);
    expect(json.span['server.port']).toBe(8080);
    expect(json.resource['service.name']).toBe(service);
    expect(json.events[0].name).toBe('exception');
  });

  it('varies ids without touching the shared batch', () => {
    const batch = peerBatchOf(body);
    const original = Buffer.from(batch.values[0] as Buffer);
    const varied = peerValuesWithVariant(batch, 0x0a000000);
    expect((varied[0] as Buffer)[0]).toBe(original[0] ^ 0x0a);
    expect(batch.values[0]).toEqual(original);
    expect(varied[3]).toBe(batch.values[3]);
  });

  it('numbers the placeholders row by row', () => {
    expect(multiRowInsert('s.t', 2)).toBe(
      'insert into s.t (trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, service, attributes) values ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, $14, $15, $16, $17, $18)',
    );
  });
});
