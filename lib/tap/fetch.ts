/**
 * Wraps `window.fetch` to observe stream responses: `text/event-stream`, NDJSON
 * (`application/x-ndjson`, `application/jsonl`, …), Connect+JSON streaming
 * (`application/connect+json`), and SSE served under another content type when the request
 * asked for a stream. The page gets the very promise and Response the native fetch
 * produced; the tap reads a clone of the body and forwards its text in chunks (the relay
 * parses it). The only buffering is the tap's queue, flushed every `TAP_FLUSH_MS`; chunk records are
 * cut at `MAX_CHUNK_CHARS`.
 *
 * Known limit: a clone shares the connection, so a page that cancels only its own
 * body (not the request) leaves the clone reading until the server closes; aborting
 * the request (AbortController) ends both.
 */
import { MAX_HEADER_CHARS, MAX_REQUEST_BODY_CHARS, type RequestDetails, type StreamFormat } from '../protocol';
import { openBodyStream, streamFormat, type BodyStream } from './body-stream';
import type { TapContext } from './context';
import { apply, getOwnPropertyDescriptor, promiseThen, regExpExec, stringIndexOf, stringSlice, uncurry, uncurryGetter } from './primordials';
import { createUrlReader, ownPairs, readInitMethod, reportBody, reportRequest } from './requests';

/** A request asking for a stream: `Accept: text/event-stream`, a JSON body with `"stream": true`, `stream=true` in the query. */
const ASKS_ACCEPT = /^accept:[^\r]*text\/event-stream/im;
const ASKS_BODY = /"stream"\s*:\s*true/;
const ASKS_QUERY = /[?&]stream=true(?:[&#]|$)/i;
/** How an SSE body starts: a comment, or a field (`data:`, `event:`, `id:`, `retry:`), after an optional BOM. */
const SSE_START = /^\uFEFF?(?:data|event|id|retry)?:/;

/** Installs the fetch tap on `ctx.win`; does nothing when the page has no fetch. */
export function installFetchTap(ctx: TapContext): void {
  const win = ctx.win;
  const nativeFetch = win.fetch;
  if (typeof nativeFetch !== 'function') return;
  const ResponseProto = win.Response.prototype;
  const clone = uncurry(ResponseProto.clone) as (response: Response) => Response;
  const bodyOf = uncurryGetter<ReadableStream<Uint8Array> | null>(ResponseProto, 'body');
  const headersOf = uncurryGetter<Headers>(ResponseProto, 'headers');
  const urlOf = uncurryGetter<string>(ResponseProto, 'url');
  const headerGet = uncurry(win.Headers.prototype.get) as (headers: Headers, name: string) => string | null;
  const Decoder = win.TextDecoder;
  const decode = uncurry(Decoder.prototype.decode) as (decoder: TextDecoder, input: Uint8Array, options: { stream: boolean }) => string;
  const getReader = uncurry(win.ReadableStream.prototype.getReader) as (stream: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>;
  const read = uncurry(win.ReadableStreamDefaultReader.prototype.read) as (reader: ReadableStreamDefaultReader<Uint8Array>) => Promise<ReadableStreamReadResult<Uint8Array>>;
  const cancel = uncurry(win.ReadableStreamDefaultReader.prototype.cancel) as (reader: ReadableStreamDefaultReader<Uint8Array>) => Promise<void>;
  const statusOf = uncurryGetter<number>(ResponseProto, 'status');
  const textOf = uncurry(ResponseProto.text) as (response: Response) => Promise<string>;
  const statusTextOf = uncurryGetter<string>(ResponseProto, 'statusText');
  if (!bodyOf || !headersOf || !urlOf || !statusOf || !statusTextOf) return;
  const queue = ctx.queue;
  const readUrl = createUrlReader(ctx);
  const requestMethodOf = uncurryGetter<string>(win.Request?.prototype, 'method');
  const requestHeadersOf = uncurryGetter<Headers>(win.Request?.prototype, 'headers');
  const headersEach = uncurry(win.Headers.prototype.forEach) as (headers: unknown, each: (value: string, name: string) => void) => void;
  const errorNameOf = uncurryGetter<string>(win.DOMException?.prototype, 'name');

  /**
   * Reads a clone of `response`'s body. `servedAs` (SSE under another content type): the
   * stream is announced only if its first text looks like SSE; otherwise reading stops there.
   */
  async function pump(response: Response, request: RequestDetails, format: StreamFormat, servedAs?: string): Promise<void> {
    const copy = clone(response);
    // The response's side, read only for a stream.
    request.status = statusOf!(response);
    request.statusText = statusTextOf!(response);
    request.responseHeaders = headerLines(() => headersOf!(response));
    const reader = getReader(bodyOf!(copy)!);
    let stream: BodyStream | null = servedAs === undefined ? openBodyStream(ctx, 'fetch', String(urlOf!(response)), false, request, format) : null;
    // A leading BOM is kept for wire lint; the relay's parser skips it, as EventSource does.
    // Connect's envelopes are binary: `x-user-defined` maps each byte to one character, and back.
    const decoder = new Decoder(format === 'connect' ? 'x-user-defined' : 'utf-8', { fatal: true, ignoreBOM: true });
    try {
      for (;;) {
        const result = await read(reader);
        if (result.done) break;
        if (stream !== null && !queue.recording) {
          stream.skip();
          continue;
        }
        let text: string;
        try {
          text = decode(decoder, result.value, { stream: true });
        } catch {
          if (stream === null) return void (await cancel(reader));
          // The relay words it (`relayError.binary`): the tap carries no more text than it must.
          queue.push({ k: 'err', sid: stream.sid, code: 'binary', message: '', t: ctx.now() }, 0);
          await cancel(reader);
          return;
        }
        if (stream === null) {
          if (regExpExec(SSE_START, text) === null) return void (await cancel(reader));
          stream = openBodyStream(ctx, 'fetch', String(urlOf!(response)), false, request, format, servedAs);
        }
        stream.write(text, ctx.now());
      }
      if (stream === null) return;
      stream.setState('closed');
    } catch (error) {
      // The page aborted or the network failed; the page sees that on its own branch.
      let aborted = false;
      try {
        aborted = errorNameOf?.(error) === 'AbortError';
      } catch {
        // Not a DOMException: a network error.
      }
      stream?.setState('error', aborted);
    }
  }

  /** `name: value` lines of the native Headers `read` returns (`getAllResponseHeaders`' format); '' for anything else. */
  function headerLines(read: () => unknown): string {
    let text = '';
    try {
      headersEach(read(), (value, name) => (text += `${name}: ${value}\r\n`));
    } catch {
      // Not a Request, or not a native Headers.
    }
    return stringSlice(text, 0, MAX_HEADER_CHARS);
  }

  /**
   * What the page asked for, read as `readInitMethod` reads the method (native getters and
   * own data properties only): headers given as native Headers, a plain object or pairs,
   * or a Request's; a text body (a Request's body is not readable without consuming it).
   * The response's side is filled in by `pump`, for streams only.
   */
  function requestOf(input: unknown, init: unknown, t: number): RequestDetails {
    let headers = headerLines(() => requestHeadersOf!(input));
    let body: string | null = null;
    if (typeof init === 'object' && init !== null) {
      const own = getOwnPropertyDescriptor(init, 'headers')?.value;
      if (typeof own === 'object' && own !== null) headers = headerLines(() => own) || stringSlice(ownPairs(own), 0, MAX_HEADER_CHARS);
      const text = getOwnPropertyDescriptor(init, 'body')?.value;
      if (typeof text === 'string') body = stringSlice(text, 0, MAX_REQUEST_BODY_CHARS);
    }
    return {
      method: readInitMethod(init, requestMethodOf, input),
      headers,
      body,
      status: 0,
      statusText: '',
      responseHeaders: '',
      sentAt: t,
    };
  }

  function onResponse(response: Response, input: unknown, init: unknown, t: number): void {
    try {
      if (bodyOf!(response) === null) return;
      const type = headerGet(headersOf!(response), 'content-type');
      const format = streamFormat(type);
      if (format !== null) return void promiseThen(pump(response, requestOf(input, init, t), format), undefined, () => queue.drop());
      if (!queue.recording) return;
      // A watched URL (polling-off readiness): its body, read from a clone, for the relay.
      const url = String(urlOf!(response));
      const watch = ctx.watch;
      if (watch !== null) {
        for (let i = 0; i < watch.length; i++) {
          if (stringIndexOf(url, watch[i]!) !== 0) continue;
          promiseThen(textOf(clone(response)), (text: string) => reportBody(ctx, url, text), () => queue.drop());
          return;
        }
      }
      // Any other body is a stream only if the request asked for one (and, read, it looks like SSE).
      const request = requestOf(input, init, t);
      if (regExpExec(ASKS_ACCEPT, request.headers) || regExpExec(ASKS_BODY, request.body ?? '') || regExpExec(ASKS_QUERY, url)) {
        promiseThen(pump(response, request, 'sse', type ?? '(none)'), undefined, () => queue.drop());
      }
    } catch {
      queue.drop();
    }
  }

  // Method shorthand: like the native, no `prototype` and not constructible.
  const { fetch } = {
    fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const t = ctx.now();
      // eslint-disable-next-line prefer-rest-params
      const promise: Promise<Response> = apply(nativeFetch, this, arguments);
      try {
        if (queue.recording) reportRequest(ctx, readUrl(input), readInitMethod(init, requestMethodOf, input), 'fetch', t);
      } catch {
        queue.drop();
      }
      try {
        // Our reaction is registered first, so the clone is taken before any page code reads the body.
        // `input` and `init` are read only through native getters and own data properties:
        // page getters must run exactly as often as without us.
        promiseThen(promise, (response: Response) => onResponse(response, input, init, t), () => undefined);
      } catch {
        queue.drop();
      }
      return promise;
    },
  };

  ctx.replaceMethod(win, 'fetch', fetch, nativeFetch);
}
