import type { TypedValue } from '@prism/contract';
import type { AnyValue } from '@prism/otlp';
import { anyValueToJson } from './any-value-json';

// Local stand-in for @prism/otlp's anyValueToTyped, until that library ships it.

/** The column value of an AnyValue: scalars keep their type, arrays and kvlists become JSON text. */
export function anyValueToTyped(value: AnyValue): TypedValue | undefined {
  switch (value.kind) {
    case 'string':
      return { type: 'string', value: value.value };
    case 'bool':
      return { type: 'bool', value: value.value };
    case 'int':
      return { type: 'int64', value: value.value };
    case 'double':
      return { type: 'double', value: value.value };
    case 'bytes':
      return { type: 'bytes', value: value.value };
    case 'array':
    case 'kvlist':
      return { type: 'json', value: JSON.stringify(anyValueToJson(value)) };
    case 'empty':
      return undefined;
  }
}
