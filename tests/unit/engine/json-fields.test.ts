import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createFieldReader } from '../../../lib/engine/json-fields';

const PATHS = [['eventType'], ['eventData', 'cardId'], ['userId'], ['a', 'b', 'c']];

/** What the engine used to do: parse, then walk each path. */
function byParse(text: string, paths: string[][]): unknown[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return paths.map((path) => path.reduce<unknown>((at, part) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined), value));
}

const key = fc.constantFrom('eventType', 'eventData', 'cardId', 'userId', 'a', 'b', 'c', 'x', 'é"\\', '__proto__');
const leaf = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
})).object;

describe('field reader', () => {
  it('reads exactly what JSON.parse would, for any object, compact or indented', () => {
    const reader = createFieldReader(PATHS);
    fc.assert(
      fc.property(tree, fc.constantFrom(undefined, 1, '\t'), (object, indent) => {
        const text = JSON.stringify(object, null, indent);
        expect(reader.read(text)).toEqual(byParse(text, PATHS));
      }),
      { numRuns: 2_000 },
    );
  });

  it('answers escape-free text by its own scan, never by JSON.parse (the oracle above cannot tell the two apart)', () => {
    const reader = createFieldReader(PATHS);
    // Strings without quotes, backslashes or control characters need no escapes.
    const plain = fc.string().map((s) => s.replace(/["\\\u0000-\u001f\u2028\u2029]/g, ''));
    const plainLeaf = fc.oneof(plain, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const plainKey = fc.constantFrom('eventType', 'eventData', 'cardId', 'userId', 'a', 'b', 'c', 'x');
    const plainTree = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, plainLeaf, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
      object: fc.dictionary(plainKey, tie('value'), { maxKeys: 5 }),
    })).object;
    fc.assert(
      fc.property(plainTree, (object) => {
        const text = JSON.stringify(object);
        const expected = byParse(text, PATHS);
        const parse = vi.spyOn(JSON, 'parse');
        try {
          const read = reader.read(text);
          // A wanted value that is an object or array is JSON.parse's job by design; everything else is scanned.
          const scanned = expected!.every((v) => v === null || typeof v !== 'object');
          if (scanned) expect(parse).not.toHaveBeenCalled();
          expect(read).toEqual(expected);
        } finally {
          parse.mockRestore();
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps the last of repeated keys, and forgets what was under an earlier one', () => {
    const reader = createFieldReader(PATHS);
    for (const text of [
      '{"userId":"u1","userId":"u2"}',
      '{"eventData":{"cardId":"c1"},"eventData":"gone"}',
      '{"eventData":{"cardId":"c1"},"eventData":{"other":1}}',
      '{"eventData":[{"cardId":"c1"}],"a":{"b":[{"c":1}]}}',
      '{"eventData":{"cardId":{"nested":true}},"userId":[1,2]}',
      '{"eventType":"card.updated","eventData":{"cardId":"c\\"1"}}',
      '{ "eventType" : "x" , "eventData" : { "cardId" : 12e2 } , "userId" : -0 }',
    ]) {
      expect(reader.read(text)).toEqual(byParse(text, PATHS));
    }
  });

  it('says null for text that is not a JSON object', () => {
    const reader = createFieldReader(PATHS);
    for (const text of ['', 'plain', '[1]', '"s"', '{"a":1}}', '{"a":"unterminated}', '{"a":1']) {
      expect(reader.read(text)).toBeNull();
    }
  });
});
