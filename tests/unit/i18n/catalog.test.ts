/**
 * The catalogs are complete: every language has exactly the English keys, with the same
 * placeholders, the plural forms its language needs, and no empty text; the extension's
 * own `_locales` agree with each other and with the manifest. (The compiler checks the
 * keys too; this also catches a cast, a spread that overwrites, or a placeholder
 * translated by mistake.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, type Language } from '../../../lib/i18n';
import { en } from '../../../lib/i18n/en';
import { placeholdersOf, type Message } from '../../../lib/i18n/message';

const ROOT = join(import.meta.dirname, '../../..');
const forms = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string'));
const placeholders = (message: Message) => [...new Set(forms(message).flatMap(placeholdersOf))].sort();
const languages = Object.keys(LANGUAGES) as Language[];

describe('message catalogs', () => {
  it('English has a few hundred messages, each key once under its area', () => {
    const keys = Object.keys(en);
    expect(keys.length).toBeGreaterThan(500);
    for (const key of keys) expect(key).toMatch(/^[a-z][A-Za-z]*(\.[A-Za-z0-9_-]+)+$/);
  });

  it('German is one of the languages and the English catalog is the source', () => {
    expect(languages).toEqual(['en', 'de']);
    expect(CATALOGS.en).toBe(en);
  });

  for (const language of languages) {
    describe(language, () => {
      const catalog = CATALOGS[language] as Record<string, Message>;

      it('has every English key and no other', () => {
        const missing = Object.keys(en).filter((key) => !(key in catalog));
        const extra = Object.keys(catalog).filter((key) => !(key in en));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('keeps each message’s placeholders', () => {
        const wrong = Object.entries(en as Record<string, Message>)
          .filter(([key, message]) => key in catalog && placeholders(catalog[key]!).join() !== placeholders(message).join())
          .map(([key]) => `${key}: ${placeholders(catalog[key]!).join(',')} vs ${placeholders((en as Record<string, Message>)[key]!).join(',')}`);
        expect(wrong).toEqual([]);
      });

      it('gives a plural message every form its language needs, and a string message a string', () => {
        const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        const wrong: string[] = [];
        for (const [key, message] of Object.entries(en as Record<string, Message>)) {
          const translated = catalog[key];
          if (translated === undefined) continue;
          if (typeof message === 'string') {
            if (typeof translated !== 'string') wrong.push(`${key}: plural forms for a string`);
          } else if (typeof translated === 'string') wrong.push(`${key}: a string for plural forms`);
          else for (const form of needed) if (typeof translated[form] !== 'string') wrong.push(`${key}: no "${form}"`);
        }
        expect(wrong).toEqual([]);
      });

      it('has no empty text', () => {
        const empty = Object.entries(catalog).filter(([, message]) => forms(message).some((text) => text.trim() === ''));
        expect(empty.map(([key]) => key)).toEqual([]);
      });
    });
  }

  it('translates German rather than copying English, but for product names, codes and units', () => {
    const de = CATALOGS.de as Record<string, Message>;
    const same = Object.entries(en as Record<string, Message>).filter(([key, message]) => JSON.stringify(de[key]) === JSON.stringify(message));
    // Words that are the same in German (Status, Transport, Phase, Name…) and technical labels.
    expect(same.length).toBeLessThan(Object.keys(en).length * 0.1);
    expect(same.length).toBeGreaterThan(0);
  });
});

describe('the extension’s _locales', () => {
  const dir = join(ROOT, 'public/_locales');
  const locales = readdirSync(dir).sort();
  const read = (locale: string) => JSON.parse(readFileSync(join(dir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

  it('exist for every panel language, with the same keys', () => {
    expect(locales).toEqual([...languages].sort());
    const keys = Object.keys(read('en')).sort();
    for (const locale of locales) expect(Object.keys(read(locale)).sort()).toEqual(keys);
    for (const locale of locales) for (const entry of Object.values(read(locale))) expect(entry.message.trim()).not.toBe('');
  });

  it('hold every __MSG_ name the manifest uses', () => {
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    const used = [...config.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThanOrEqual(4);
    for (const name of used) expect(read('en')).toHaveProperty(name);
  });
});
