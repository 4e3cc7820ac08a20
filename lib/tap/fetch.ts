/**
 * Wraps `window.fetch` to observe `text/event-stream` responses. The page gets the
 * very promise and Response the native fetch produced; the tap reads a clone of the
 * body and forwards its text in chunks (the hub parses it). The only buffering is
 * the tap's queue, flushed every 16 ms; chunk records are cut at `MAX_CHUNK_CHARS`.
 *
 * Known limit: a clone shares the connection, so a page that cancels only its own
 * body (not the request) leaves the clone reading until the server closes; aborting
 * the request (AbortController) ends both.
 */
import { MAX_CHUNK_CHARS, MAX_URL_CHARS } from '../protocol';
import type { TapContext } from './context';
import { createUrlReader, readInitMethod, reportRequest } from './requests';

/** Installs the fetch tap on `ctx.win`; does nothing when the page has no fetch. */
export function installFetchTap(ctx: TapContext): void {
  const win = ctx.win;
  const nativeFetch = win.fetch;
  if (typeof nativeFetch !== 'function') return;
  const promiseThen = Promise.prototype.then;
  const clone = win.Response.prototype.clone;
  const bodyOf = Object.getOwnPropertyDescriptor(win.Response.prototype, 'body')?.get;
  const headersOf = Object.getOwnPropertyDescriptor(win.Response.prototype, 'headers')?.get;
  const urlOf = Object.getOwnPropertyDescriptor(win.Response.prototype, 'url')?.get;
  const headerGet = win.Headers.prototype.get;
  const Decoder = win.TextDecoder;
  const getReader = win.ReadableStream.prototype.getReader;
  const read = win.ReadableStreamDefaultReader.prototype.read;
  const cancel = win.ReadableStreamDefaultReader.prototype.cancel;
  if (!bodyOf || !headersOf || !urlOf) return;
  const queue = ctx.queue;
  const readUrl = createUrlReader(ctx);
  const requestMethodOf = win.Request && Object.getOwnPropertyDescriptor(win.Request.prototype, 'method')?.get;

  function isEventStream(response: Response): boolean {
    const type = headerGet.call(headersOf!.call(response), 'content-type');
    return type !== null && /^\s*text\/event-stream\b/i.test(type) && bodyOf!.call(response) !== null;
  }

  async function pump(response: Response): Promise<void> {
    const copy = clone.call(response);
    const body = bodyOf!.call(copy) as ReadableStream<Uint8Array>;
    const reader = getReader.call(body) as ReadableStreamDefaultReader<Uint8Array>;
    const sid = ctx.nextStreamId('f');
    const url = String(urlOf!.call(response));
    queue.push(
      { k: 'open', sid, url: url.slice(0, MAX_URL_CHARS), transport: 'fetch', withCredentials: false, t: ctx.now() },
      url.length,
    );
    queue.push({ k: 'state', sid, state: 'open', t: ctx.now() }, 0);
    const decoder = new Decoder('utf-8', { fatal: true });
    let seq = 0;
    // Set while chunks went unrecorded, so the hub resynchronises its parser.
    let skipped = false;
    try {
      for (;;) {
        const result = await read.call(reader);
        if (result.done) break;
        if (!queue.recording) {
          skipped = true;
          continue;
        }
        let text: string;
        try {
          text = decoder.decode(result.value, { stream: true });
        } catch {
          queue.push({ k: 'err', sid, code: 'binary', message: 'Body is not UTF-8 text; stopped reading this stream.', t: ctx.now() }, 0);
          await cancel.call(reader);
          return;
        }
        const t = ctx.now();
        for (let at = 0; at < text.length; at += MAX_CHUNK_CHARS) {
          const part = text.slice(at, at + MAX_CHUNK_CHARS);
          seq += 1;
          queue.push({ k: 'chunk', sid, seq, text: part, t, ...(skipped ? { resync: true } : {}) }, part.length);
          skipped = false;
        }
      }
      queue.push({ k: 'state', sid, state: 'closed', t: ctx.now() }, 0);
    } catch {
      // The page aborted or the network failed; the page sees that on its own branch.
      queue.push({ k: 'state', sid, state: 'error', t: ctx.now() }, 0);
    }
  }

  function onResponse(response: Response): void {
    try {
      if (isEventStream(response)) void promiseThen.call(pump(response), undefined, () => queue.drop());
    } catch {
      queue.drop();
    }
  }

  function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const t = ctx.now();
    // eslint-disable-next-line prefer-rest-params
    const promise: Promise<Response> = Reflect.apply(nativeFetch, this, arguments);
    try {
      if (queue.recording) reportRequest(ctx, readUrl(input), readInitMethod(init, requestMethodOf, input), 'fetch', t);
    } catch {
      queue.drop();
    }
    try {
      // Our reaction is registered first, so the clone is taken before any page code reads the body.
      // `input` and `init` are read only through native getters and own data properties:
      // page getters must run exactly as often as without us.
      promiseThen.call(promise, onResponse, () => undefined);
    } catch {
      queue.drop();
    }
    return promise;
  }

  ctx.replaceMethod(win, 'fetch', fetch, nativeFetch);
}
