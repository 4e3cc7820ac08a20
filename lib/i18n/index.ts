/**
 * The UI's languages: `t(key, params)` over a complete catalog per language
 * (`lib/i18n/en` is the source, `lib/i18n/de` its German translation, each section
 * typed by the English one). Components get their translator from `useT()`; code in
 * `lib/` that writes text for the UI takes a `Translate` and defaults to English.
 */
import { de } from './de';
import { en } from './en';
import type { Language } from './languages';
import { english } from './english';
import type { Message } from './message';
import type { MessageKey, Translate } from './types';
import { createTranslator } from './translate';

export { english, worded, type KeptText } from './english';
export type { Catalog, MessageArgs, MessageKey, PlainMessageKey, Translate } from './types';

export { LANGUAGES, isLanguage, resolveLanguage, type Language, type LanguageChoice } from './languages';

/** Every catalog by language; each is complete (the compiler checks each section against English). */
export const CATALOGS: Record<Language, Record<MessageKey, Message>> = { en, de };

const translators = new Map<Language, Translate>([['en', english]]);

/** The translator for `language` (one per language, kept). */
export function translatorFor(language: Language): Translate {
  let t = translators.get(language);
  if (!t) translators.set(language, (t = createTranslator(language, CATALOGS[language], en)));
  return t;
}

/**
 * A message kept as data (a key and its arguments, e.g. a relay error's `text`) in the
 * language of `t`, or `fallback` when the key is not in the catalog (an older or newer
 * trace, a forged record).
 */
export function translateKept(t: Translate, text: { key: string; args?: Record<string, string | number> } | undefined, fallback: string): string {
  if (!text || !Object.prototype.hasOwnProperty.call(en, text.key)) return fallback;
  return (t as (key: string, params?: Record<string, string | number>) => string)(text.key, text.args ?? {});
}
