import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allOff, phaseOf, phasePreset, rollback } from '../../../lib/flags/phases';
import { FLAGS, normalizeFlags } from '../../../lib/protocol';

describe('migration phases', () => {
  it('enable the flags cumulatively, as the seed’s controller does', () => {
    expect(phasePreset(1)).toEqual({ ...allOff(), SSE_SESSION_EVENTS: true });
    expect(phasePreset(3)).toEqual({ ...allOff(), SSE_SESSION_EVENTS: true, SSE_CARD_EVENTS: true, SSE_UI_EVENTS: true });
    expect(Object.values(phasePreset(5)).every(Boolean)).toBe(true);
    for (let n = 1; n <= 5; n++) expect(phaseOf(phasePreset(n))).toBe(n);
    expect(phaseOf(allOff())).toBeNull();
    expect(phaseOf({ ...allOff(), POLLING_DISABLED: true })).toBeNull();
    expect(() => phasePreset(0)).toThrow(RangeError);
    expect(() => phasePreset(6)).toThrow(RangeError);
  });

  it('roll back to every flag off, recording why, when and from what', () => {
    const { flags, record } = rollback(phasePreset(4), '  cards stopped updating ', 1234);
    expect(flags).toEqual(allOff());
    expect(record).toEqual({ at: 1234, reason: 'cards stopped updating', before: phasePreset(4) });
    expect(rollback(allOff(), ' ', 0).record.reason).toBe('unspecified');
  });

  it('read untrusted input as booleans, nothing else', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const flags = normalizeFlags(value);
        expect(Object.keys(flags)).toEqual([...FLAGS]);
        expect(Object.values(flags).every((v) => typeof v === 'boolean')).toBe(true);
      }),
    );
    expect(normalizeFlags({ SSE_CARD_EVENTS: true, SSE_UI_EVENTS: 'yes', EVIL: true })).toEqual({ ...allOff(), SSE_CARD_EVENTS: true });
  });
});
