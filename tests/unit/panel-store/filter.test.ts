import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../lib/panel-store/filter';
import type { CapturedEvent } from '../../../lib/protocol';

let n = 0;
function event(type: string, data: unknown, extra: Partial<CapturedEvent> = {}): CapturedEvent {
  n += 1;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return { id: n, key: `s#${n}`, streamId: 's', seq: n, source: 'eventsource', type, data: text, lastEventId: '', size: text.length, truncated: false, pageTime: 0, hubTime: 0, flags: 0, ...extra };
}

const events = [
  event('card.updated', { eventType: 'card.updated', eventData: { cardId: 'c1', n: 3 }, userId: 'u1' }),
  event('card.created', { eventType: 'card.created', eventData: { cardId: 'c2', n: 10 }, userId: 'u2' }),
  event('ui.buttonClick', { eventType: 'ui.buttonClick', eventData: { buttonId: 'Save' } }),
  event('message', 'plain text, not JSON'),
  event('card.updated', { eventType: 'card.updated', eventData: { cardId: 'c1' } }, { hub: { key: 'x', eventType: 'card.updated', priority: 'CRITICAL', duplicateOf: 's#1' } }),
];

function shown(text: string, hideDuplicates = false): number[] {
  const { test, error } = compileFilter({ text, hideDuplicates });
  expect(error).toBeNull();
  return events.filter((e) => !test || test(e)).map((e) => e.seq);
}

describe('filter language', () => {
  it('passes everything when empty', () => {
    expect(compileFilter({ text: '  ', hideDuplicates: false }).test).toBeNull();
  });

  it('matches every word, case-insensitively, in type or data', () => {
    expect(shown('card c1')).toEqual([1, 5]);
    expect(shown('SAVE')).toEqual([3]);
    expect(shown('not json')).toEqual([4]);
  });

  it('matches regular expressions', () => {
    expect(shown('/card\\.(created|deleted)/')).toEqual([2]);
    expect(shown('/^ui\\./')).toEqual([3]);
    expect(shown('/save/i')).toEqual([3]);
  });

  it('compares JSON paths, and tests existence', () => {
    expect(shown('$.eventData.cardId == "c1"')).toEqual([1, 5]);
    expect(shown('$.eventData.cardId != "c1"')).toEqual([2, 3, 4]);
    expect(shown('$.eventData.n >= 5')).toEqual([2]);
    expect(shown('$.eventData.buttonId')).toEqual([3]);
    expect(shown('$.userId == "u2"')).toEqual([2]);
  });

  it('hides duplicates', () => {
    expect(shown('', true)).toEqual([1, 2, 3, 4]);
    expect(shown('card', true)).toEqual([1, 2]);
  });

  it('lets only the chosen chips through, combined with the text', () => {
    const test = (spec: object) => {
      const compiled = compileFilter({ text: '', hideDuplicates: false, ...spec });
      return events.filter((e) => !compiled.test || compiled.test(e)).map((e) => e.seq);
    };
    expect(test({ types: ['card.updated', 'message'] })).toEqual([1, 4, 5]);
    expect(test({ types: ['card.updated'], priorities: ['CRITICAL'] })).toEqual([5]);
    expect(test({ types: ['card.updated'], text: 'u1' })).toEqual([1]);
    expect(test({ sources: ['fetch'] })).toEqual([]);
    expect(test({ types: [] })).toEqual([1, 2, 3, 4, 5]);
  });

  it('explains bad expressions instead of failing', () => {
    expect(compileFilter({ text: '/(/', hideDuplicates: false }).error).toMatch(/Invalid regular expression/);
    expect(compileFilter({ text: '$.a == c1', hideDuplicates: false }).error).toMatch(/Cannot read the value/);
    expect(compileFilter({ text: '$..a', hideDuplicates: false }).error).toMatch(/Write a path/);
  });
});
