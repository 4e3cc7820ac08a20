import { describe, expect, it } from 'vitest';
import { DEFAULT_PARITY_RULES } from '../../../lib/parity/pairing';
import { formatRules, parseRules } from '../../../lib/parity/rules-text';

describe('parity rules as text', () => {
  it('round-trips the default rules', () => {
    expect(parseRules(formatRules(DEFAULT_PARITY_RULES))).toEqual({ rules: DEFAULT_PARITY_RULES, problems: [] });
  });

  it('reads a mapping between different names, skips comments, and names bad lines', () => {
    const { rules, problems } = parseRules('# cards\nlegacy-cards card.saved -> card.updated keys=cardId,userId\nnonsense line');
    expect(rules).toEqual([{ system: 'legacy-cards', legacyType: 'card.saved', sseType: 'card.updated', keys: ['cardId', 'userId'] }]);
    expect(problems).toEqual(['Line 3: write "<system> <type> -> <SSE type> keys=a,b" (got "nonsense line").']);
  });
});
