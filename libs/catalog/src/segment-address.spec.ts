import { describe, expect, it } from 'vitest';
import { catalogSegmentId, segmentAddressOf } from './segment-address';

describe('catalog segment ids', () => {
  it('round-trips a hot-store address', () => {
    const address = { tenantId: 'acme', dataset: 'spans', segmentId: '20231114T221000Z-300s' };
    expect(catalogSegmentId(address)).toBe('acme/spans/20231114T221000Z-300s');
    expect(segmentAddressOf(catalogSegmentId(address))).toEqual(address);
  });

  it('refuses ids that are not addresses', () => {
    for (const id of ['', 'acme', 'acme/spans', 'acme//x', 'a/b/c/d', '/spans/x']) expect(segmentAddressOf(id)).toBeUndefined();
  });
});
