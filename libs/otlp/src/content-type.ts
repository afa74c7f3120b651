import { ContentType } from '@prism/contract';

/**
 * The OTLP encoding named by a Content-Type header, ignoring parameters and case
 * (`application/json; charset=utf-8` → `application/json`); undefined for any other media type.
 */
export function parseContentType(header: string): ContentType | undefined {
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === ContentType.protobuf) return ContentType.protobuf;
  if (mediaType === ContentType.json) return ContentType.json;
  return undefined;
}
