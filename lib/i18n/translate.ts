/** Builds a translator over one catalog (`lib/i18n/index.ts` keeps one per language). */
import type { Language } from './languages';
import type { Catalog, MessageKey, Translate } from './types';
import { interpolate, pickForm, type Message, type ParamValue } from './message';

const pluralRules = new Map<string, Intl.PluralRules>();
function rulesFor(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** The translator of `language` over `catalog`; a key the catalog lacks falls back to `fallback` (English). */
export function createTranslator(language: Language, catalog: Record<MessageKey, Message>, fallback: Catalog): Translate {
  const template = (key: MessageKey, params: Record<string, unknown> | undefined) => pickForm(catalog[key] ?? fallback[key], language, params?.count, rulesFor);
  const t = ((key: MessageKey, ...args: [Record<string, ParamValue>?]) => {
    const params = args[0];
    const text = template(key, params);
    return params ? interpolate(text, params).join('') : text;
  }) as Translate;
  Object.defineProperty(t, 'language', { value: language });
  t.parts = <T,>(key: MessageKey, nodes: Record<string, T | ParamValue>) => interpolate<T>(template(key, nodes), nodes);
  return t;
}
