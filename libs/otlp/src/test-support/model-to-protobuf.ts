import type { AnyValue, KeyValue, MetricData, NumberValue } from '../model';

/**
 * A model request as a plain object protobufjs's `Type.fromObject` accepts (int64 as decimal strings,
 * oneofs as their member field), so tests can re-encode a decoded request to protobuf.
 */
export function modelToProtobufObject(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(modelToProtobufObject);
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    if (key === 'attributes' || key === 'filteredAttributes' || key === 'metadata') result[key] = keyValues(field as KeyValue[]);
    else if (key === 'body') result[key] = anyValue(field as AnyValue);
    else if (key === 'data') Object.assign(result, metricData(field as MetricData));
    else if (key === 'value' && typeof field === 'object') Object.assign(result, numberValue(field as NumberValue));
    else result[key] = modelToProtobufObject(field);
  }
  return result;
}

function keyValues(list: KeyValue[]): unknown[] {
  return list.map(({ key, value }) => ({ key, value: anyValue(value) }));
}

function anyValue(value: AnyValue): Record<string, unknown> {
  switch (value.kind) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value.toString() };
    case 'double':
      return { doubleValue: value.value };
    case 'bytes':
      return { bytesValue: value.value };
    case 'array':
      return { arrayValue: { values: value.values.map(anyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: keyValues(value.values) } };
    case 'empty':
      return {};
  }
}

function numberValue(value: NumberValue): Record<string, unknown> {
  return value.kind === 'double' ? { asDouble: value.value } : { asInt: value.value.toString() };
}

function metricData(data: MetricData): Record<string, unknown> {
  const { kind, ...rest } = data;
  return { [kind]: modelToProtobufObject(rest) };
}
