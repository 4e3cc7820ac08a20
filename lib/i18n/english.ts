/**
 * The English translator alone (no other catalog), for code that words text in English:
 * the relay's error records (their `message`, for traces and logs) and `lib/` defaults.
 */
import { en } from './en';
import type { MessageArgs, MessageKey, Translate } from './types';
import { createTranslator } from './translate';

/** The English translator. */
export const english: Translate = /* @__PURE__ */ createTranslator('en', en, en);

/** A message kept as its key and arguments, as the relay records a problem for the panel to word. */
export interface KeptText {
  key: string;
  args?: Record<string, string | number>;
}

/** `key` with `args` in English, and kept as key and arguments for the panel to word in its language. */
export function worded<K extends MessageKey>(key: K, ...args: MessageArgs<K>): { message: string; text: KeptText } {
  const params = args[0] as Record<string, string | number> | undefined;
  return { message: (english as (key: MessageKey, params?: Record<string, string | number>) => string)(key, params), text: params ? { key, args: params } : { key } };
}
