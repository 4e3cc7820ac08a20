/**
 * The message catalogs' shape and the translator: pure, no `browser.*`, usable from
 * `lib/` (the health checks, the trace reader, the filters) and from components.
 *
 * A message is a string with `{name}` placeholders, or plural forms chosen by the
 * `count` parameter through `Intl.PluralRules` of the catalog's language. The English
 * catalog is the source: its literal types give every key and its placeholders, so a
 * call with a missing or misspelt parameter, or a translation without a key, does not
 * compile.
 */

/** Plural forms of one message, chosen by its `count` parameter (`Intl.PluralRules` categories). */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** One catalog entry. */
export type Message = string | Plural;

/** Every `{name}` placeholder of a template string type. */
export type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The parameters a message takes (a plural message always takes `count`). */
export type MessageParams<M> = M extends string ? Placeholders<M> : M extends Plural ? 'count' | Placeholders<M[keyof M]> : never;

/** A translation of a section of the English catalog: the same keys, a string for a string, plural forms for plural forms. */
export type Translation<E extends Record<string, Message>> = { [K in keyof E]: E[K] extends string ? string : Plural };

/** A value a placeholder takes. */
export type ParamValue = string | number;

/** The trailing arguments of `t(key, …)`: none for a message without placeholders. */
export type ParamArgs<C, K extends keyof C> = [MessageParams<C[K]>] extends [never] ? [] : [params: Record<MessageParams<C[K]>, ParamValue>];

/** A translator over catalog type `C`. */
export type TranslateOver<C> = <K extends keyof C & string>(key: K, ...params: ParamArgs<C, K>) => string;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders of a template, in order (a name once). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * A template cut at its placeholders: text and parameter values alternate, so a caller
 * can put React nodes where the values go. A placeholder without a value stays as written.
 */
export function interpolate<T>(template: string, params: Record<string, T | ParamValue> | undefined): (string | T)[] {
  const parts: (string | T)[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!params || !(name in params)) continue;
    if (match.index > last) parts.push(template.slice(last, match.index));
    const value = params[name]!;
    // Numbers as written (`String`), as the panel showed them before it had languages.
    parts.push(typeof value === 'number' ? String(value) : value);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** The form of `message` for `params.count` in `locale` (`other` when a form is missing). */
export function pickForm(message: Message, locale: string, count: unknown, rules: (locale: string) => Intl.PluralRules): string {
  if (typeof message === 'string') return message;
  const category = typeof count === 'number' ? rules(locale).select(count) : 'other';
  return message[category] ?? message.other;
}
