/** The translator: placeholders, plural forms by language, parts for React nodes, and which language is shown. */
import { describe, expect, it } from 'vitest';
import { english, resolveLanguage, translateKept, translatorFor, worded } from '../../../lib/i18n';
import { interpolate, pickForm, placeholdersOf } from '../../../lib/i18n/message';

describe('translator', () => {
  const de = translatorFor('de');

  it('fills placeholders, numbers as written', () => {
    expect(english('filter.shown', { shown: 3, total: 1200 })).toBe('3 of 1200 shown');
    expect(de('filter.shown', { shown: 3, total: 1200 })).toBe('3 von 1200 angezeigt');
  });

  it('picks the plural form of count in each language', () => {
    expect(english('toolbar.events', { count: 1 })).toBe('1 event');
    expect(english('toolbar.events', { count: 0 })).toBe('0 events');
    expect(english('toolbar.events', { count: 2 })).toBe('2 events');
    expect(de('toolbar.events', { count: 1 })).toBe('1 Ereignis');
    expect(de('toolbar.events', { count: 5 })).toBe('5 Ereignisse');
  });

  it('cuts a message at its placeholders for nodes, keeping their order and the text between', () => {
    const node = { node: 'strong' };
    expect(english.parts('fault.inForce', { faults: node })).toEqual(['In force: ', node]);
    expect(de.parts('parity.summary', { rate: node, count: 4 })).toEqual([node, ' gepaart, über ', '4', ' Paare und ungepaarte Ereignisse']);
  });

  it('keeps one translator per language and says which it is', () => {
    expect(translatorFor('de')).toBe(de);
    expect(de.language).toBe('de');
    expect(english.language).toBe('en');
  });
});

describe('message helpers', () => {
  it('lists placeholders once, in order', () => {
    expect(placeholdersOf('{a} and {b}, then {a}')).toEqual(['a', 'b']);
    expect(placeholdersOf('none')).toEqual([]);
  });

  it('leaves a placeholder without a value as written', () => {
    expect(interpolate('{a}-{b}', { a: 1 })).toEqual(['1', '-{b}']);
  });

  it('falls back to the other form when a form is missing, and with no count', () => {
    const rules = (locale: string) => new Intl.PluralRules(locale);
    expect(pickForm({ other: 'many' }, 'en', 1, rules)).toBe('many');
    expect(pickForm({ one: 'one', other: 'many' }, 'en', undefined, rules)).toBe('many');
  });
});

describe('resolveLanguage', () => {
  it('follows the browser until the user picks', () => {
    expect(resolveLanguage('auto', ['de-AT', 'en-US'])).toBe('de');
    expect(resolveLanguage('auto', ['fr-FR', 'de'])).toBe('de');
    expect(resolveLanguage('auto', ['fr-FR', 'ja'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
    expect(resolveLanguage('en', ['de-DE'])).toBe('en');
    expect(resolveLanguage('de', ['en-US'])).toBe('de');
  });
});

describe('kept text (the relay’s error records)', () => {
  it('is written in English by the relay and in the panel’s language from its key and arguments', () => {
    const gap = worded('relayError.gap', { count: 2, seq: 9 });
    expect(gap.message).toBe('2 records missing before #9.');
    expect(gap.text).toEqual({ key: 'relayError.gap', args: { count: 2, seq: 9 } });
    expect(translateKept(translatorFor('de'), gap.text, gap.message)).toBe('2 Einträge fehlen vor #9.');
    expect(translateKept(english, worded('relayError.binary').text, '')).toBe('Body is not UTF-8 text; stopped reading this stream.');
  });

  it('falls back to the record’s message for a key the catalog does not have, or none', () => {
    expect(translateKept(translatorFor('de'), { key: 'relayError.fromTheFuture' }, 'as recorded')).toBe('as recorded');
    expect(translateKept(translatorFor('de'), undefined, 'a tap failure')).toBe('a tap failure');
    expect(translateKept(translatorFor('de'), { key: 'constructor' }, 'forged')).toBe('forged');
  });
});
