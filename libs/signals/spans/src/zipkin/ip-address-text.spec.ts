import { describe, expect, it } from 'vitest';
import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './ip-address-text';

describe('IP address text', () => {
  it.each([
    ['2001:db8::c001', '2001:db8::c001'],
    ['::1', '::1'],
    ['::', '::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['fe80::', 'fe80::'],
  ])('formats %s canonically as %s', (input, canonical) => {
    const bytes = ipv6FromText(input);
    expect(bytes).toBeDefined();
    expect(ipv6ToText(bytes as Uint8Array)).toBe(canonical);
  });

  it('rejects malformed text and wrong lengths', () => {
    expect(ipv6FromText('1::2::3')).toBeUndefined();
    expect(ipv6FromText('1:2:3')).toBeUndefined();
    expect(ipv6FromText('12345::')).toBeUndefined();
    expect(ipv4FromText('1.2.3.256')).toBeUndefined();
    expect(ipv4ToText(new Uint8Array(3))).toBeUndefined();
    expect(ipv6ToText(new Uint8Array(4))).toBeUndefined();
    expect(ipv4ToText(ipv4FromText('192.168.0.1') as Uint8Array)).toBe('192.168.0.1');
  });
});
