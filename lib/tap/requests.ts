/**
 * Request reporting for polling detection: every `fetch` and XHR the page starts, as
 * URL, method and time, while the tab is recorded. The hub finds the steady ones.
 * Reads nothing through page code: URLs and methods come from native getters or own
 * data properties, never by calling a page's `toString` or getter.
 */
import { MAX_DATA_CHARS, MAX_URL_CHARS, POLLING_SID } from '../protocol';
import type { TapContext } from './context';
import { getOwnPropertyDescriptor, objectKeys, stringSlice, toUpperCase, uncurryGetter } from './primordials';

/** Resolves what the page passed as a URL without running page code; null when it cannot. */
export type UrlReader = (input: unknown) => string | null;

/** Builds the URL reader for `ctx.win` (strings, URL objects and Requests). */
export function createUrlReader(ctx: TapContext): UrlReader {
  const NativeURL = ctx.win.URL;
  const hrefOf = uncurryGetter<string>(NativeURL?.prototype, 'href');
  const requestUrlOf = uncurryGetter<string>(ctx.win.Request?.prototype, 'url');
  const location = ctx.win.location;
  return (input) => {
    try {
      // The base is read per call: a single-page app moves it with history.pushState.
      // (`location` is unforgeable: the page cannot replace its getters.)
      if (typeof input === 'string') return NativeURL && hrefOf ? hrefOf(new NativeURL(input, location?.href)) : input;
      if (typeof input !== 'object' || input === null) return null;
      // Native getters throw on anything that is not a genuine URL or Request; no page code runs.
      if (hrefOf) {
        try {
          return String(hrefOf(input));
        } catch {
          // Not a URL; maybe a Request.
        }
      }
      if (requestUrlOf) {
        try {
          return String(requestUrlOf(input));
        } catch {
          // Not a Request either.
        }
      }
    } catch {
      // An unparseable URL: the page gets the built-in's own error.
    }
    return null;
  };
}

/** Queues one request record (only while the tab is recorded). */
export function reportRequest(ctx: TapContext, url: string | null, method: string, via: 'fetch' | 'xhr', t: number): void {
  if (url === null || !ctx.queue.recording) return;
  const seq = ctx.nextLegacySeq(POLLING_SID);
  ctx.queue.push({ k: 'req', sid: POLLING_SID, seq, url: stringSlice(url, 0, MAX_URL_CHARS), method: stringSlice(method, 0, 16), via, t }, url.length);
}

/** Queues the body of a watched response (only while the tab is recorded). */
export function reportBody(ctx: TapContext, url: string, text: string): void {
  if (!ctx.queue.recording) return;
  const body = stringSlice(text, 0, MAX_DATA_CHARS);
  ctx.queue.push({ k: 'body', sid: POLLING_SID, seq: ctx.nextLegacySeq(POLLING_SID), url: stringSlice(url, 0, MAX_URL_CHARS), text: body, t: ctx.now() }, body.length + url.length);
}

/** A method from fetch's `init`, read from an own data property only (a getter is not run). */
export function readInitMethod(init: unknown, requestMethodOf: ((self: unknown) => unknown) | undefined, input: unknown): string {
  if (typeof init === 'object' && init !== null) {
    const own = getOwnPropertyDescriptor(init, 'method');
    if (own && 'value' in own) return typeof own.value === 'string' ? toUpperCase(own.value) : 'GET';
    if (own) return '?';
  }
  if (requestMethodOf && typeof input === 'object' && input !== null) {
    try {
      return String(requestMethodOf(input));
    } catch {
      // Not a Request.
    }
  }
  return 'GET';
}

/**
 * `name: value` lines of headers given as a plain object or as `[name, value]` pairs, read
 * from own data properties only (a getter is not run; a non-string value is skipped).
 */
export function ownPairs(headers: object): string {
  let text = '';
  for (const key of objectKeys(headers)) {
    let value = getOwnPropertyDescriptor(headers, key)?.value;
    let name: unknown = key;
    if (typeof value === 'object' && value !== null) {
      name = getOwnPropertyDescriptor(value, '0')?.value;
      value = getOwnPropertyDescriptor(value, '1')?.value;
    }
    if (typeof name === 'string' && typeof value === 'string') text += `${name}: ${value}\r\n`;
  }
  return text;
}
