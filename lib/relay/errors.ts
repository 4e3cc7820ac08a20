/** How the relay words the problems the tap reports by key (an injection it could not deliver). */
import { worded, type KeptText } from '../i18n/english';
import { INJECT_REASONS, type InjectReason } from '../protocol';

const isReason = (key: string): key is InjectReason => (INJECT_REASONS as readonly string[]).includes(key);

/** An `inject` error record's message (`<reason key> <event type>`), in English and kept for the panel's language. */
export function injectError(sid: string, message: string): { message: string; text?: KeptText } {
  const space = message.indexOf(' ');
  const key = space < 0 ? message : message.slice(0, space);
  const type = space < 0 ? '' : message.slice(space + 1);
  if (!isReason(key)) return { message: `${key} ${type}`.trim() };
  return worded(`relayError.inject.${key}`, { type: type || '?', sid });
}
