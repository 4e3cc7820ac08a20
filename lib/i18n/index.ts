/**
 * The UI's languages: `t(key, params)` over a complete catalog per language
 * (`lib/i18n/en` is the source, `lib/i18n/de` its German translation, each section
 * typed by the English one). Components get their translator from `useT()`; code in
 * `lib/` that writes text for the UI takes a `Translate` and defaults to English.
 */
import { de } from './de';
import { en } from './en';
import type { Language } from './languages';
import { interpolate, pickForm, type Message, type ParamArgs, type ParamValue, type TranslateOver } from './message';

export { LANGUAGES, isLanguage, resolveLanguage, type Language, type LanguageChoice } from './languages';

/** The English catalog's type: every key, with its placeholders in its literal type. */
export type Catalog = typeof en;

/** Any key of the catalog. */
export type MessageKey = keyof Catalog & string;

/** The arguments after the key for `key`. */
export type MessageArgs<K extends MessageKey> = ParamArgs<Catalog, K>;

/** Keys of messages without parameters (a table of keys can hold these and call `t(key)`). */
export type PlainMessageKey = { [K in MessageKey]: MessageArgs<K> extends [] ? K : never }[MessageKey];

/** A translator: the text of `key` in one language with its parameters filled in. */
export type Translate = TranslateOver<Catalog> & {
  /** The translator's language (`lang` of the panel's root). */
  readonly language: Language;
  /** The text of `key` cut at its placeholders, with `nodes` (e.g. React elements) where they go. */
  parts<T>(key: MessageKey, nodes: Record<string, T | ParamValue>): (string | T)[];
};

/** Every catalog by language; each is complete (the compiler checks each section against English). */
export const CATALOGS: Record<Language, Record<MessageKey, Message>> = { en, de };

const pluralRules = new Map<string, Intl.PluralRules>();
function rulesFor(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

const translators = new Map<Language, Translate>();

/** The translator for `language` (one per language, kept). */
export function translatorFor(language: Language): Translate {
  const known = translators.get(language);
  if (known) return known;
  const catalog = CATALOGS[language];
  const template = (key: MessageKey, params: Record<string, unknown> | undefined) => pickForm(catalog[key] ?? en[key], language, params?.count, rulesFor);
  const t = ((key: MessageKey, ...args: [Record<string, ParamValue>?]) => {
    const params = args[0];
    const text = template(key, params);
    return params ? interpolate(text, params).join('') : text;
  }) as Translate;
  Object.defineProperty(t, 'language', { value: language });
  t.parts = <T,>(key: MessageKey, nodes: Record<string, T | ParamValue>) => interpolate<T>(template(key, nodes), nodes);
  translators.set(language, t);
  return t;
}

/** The English translator: the default of `lib/` code that writes UI text. */
export const english: Translate = /* @__PURE__ */ translatorFor('en');
