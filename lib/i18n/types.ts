/** The catalog's types: every key (from the English catalog's literal types) and the translator. */
import type { en } from './en';
import type { Language } from './languages';
import type { ParamArgs, ParamValue, TranslateOver } from './message';

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

