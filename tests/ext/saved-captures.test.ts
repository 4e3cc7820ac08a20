import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSavedCaptures, MAX_SAVED_BYTES, savedCaptures } from '../../lib/ext/saved-captures';
import { CapturesFullError } from '../../lib/trace/saved';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
let dbs = 0;
/** A store of its own per test (fake-indexeddb keeps databases for the whole file). */
const fresh = (maxBytes?: number) => createSavedCaptures(maxBytes, `test-${++dbs}`);

describe('saved captures (IndexedDB)', () => {
  it('saves, lists newest first without the bytes, loads the same bytes, renames and deletes', async () => {
    const captures = fresh();
    const a = await captures.save('  first  ', bytes(10, 7), { events: 3, pageUrl: 'https://a.example/' }, 1_000);
    const b = await captures.save('', bytes(20), { events: 5, pageUrl: null }, 2_000);
    expect(a).toMatchObject({ name: 'first', bytes: 10, events: 3, pageUrl: 'https://a.example/', savedAt: 1_000 });
    expect(b.name).toBe('Capture');
    const list = await captures.list();
    expect(list.map((c) => c.id)).toEqual([b.id, a.id]);
    expect(list[0]).not.toHaveProperty('file');
    expect(await captures.load(a.id)).toEqual({ name: 'first', file: bytes(10, 7) });

    await captures.rename(a.id, 'renamed');
    await captures.rename(b.id, '   '); // a blank name keeps the old one
    expect((await captures.list()).map((c) => c.name)).toEqual(['Capture', 'renamed']);
    await captures.remove(b.id);
    expect((await captures.list()).map((c) => c.id)).toEqual([a.id]);
    expect(await captures.load(b.id)).toBeNull();
    await captures.rename(b.id, 'gone'); // nothing to rename: no error, nothing made
    expect(await captures.list()).toHaveLength(1);
  });

  it('refuses a save past the cap, saying what the cap is and what is used, and keeps what it had', async () => {
    const captures = fresh(100);
    expect(captures.maxBytes).toBe(100);
    await captures.save('a', bytes(60), { events: 1, pageUrl: null }, 1);
    const refusal = await captures.save('b', bytes(41), { events: 1, pageUrl: null }, 2).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CapturesFullError);
    expect(refusal).toMatchObject({ maxBytes: 100, usedBytes: 60 });
    expect((await captures.list()).map((c) => c.name)).toEqual(['a']);
    // Exactly up to the cap is allowed.
    await captures.save('c', bytes(40), { events: 1, pageUrl: null }, 3);
    expect(await captures.list()).toHaveLength(2);
  });

  it('is the extension’s store, capped at 256 MB', () => {
    expect(savedCaptures.maxBytes).toBe(MAX_SAVED_BYTES);
    expect(MAX_SAVED_BYTES).toBe(256 * 1024 * 1024);
  });
});
