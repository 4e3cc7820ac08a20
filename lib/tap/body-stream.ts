/**
 * What the fetch and XHR taps share for a stream body they read as text (SSE, NDJSON,
 * Connect+JSON): announcing the stream, and forwarding its text as `chunk` records (cut at
 * `MAX_CHUNK_CHARS`, numbered per stream). The relay parses the chunks, off the page's thread.
 */
import { MAX_CHUNK_CHARS, MAX_URL_CHARS, type RequestDetails, type StreamFormat, type StreamState } from '../protocol';
import type { TapContext } from './context';
import { regExpExec, stringSlice } from './primordials';

const STREAM_TYPES = /^\s*(?:(text\/event-stream)|application\/(?:(x-ndjson|ndjson|jsonlines|jsonl|x-jsonlines)|(connect\+json)))\s*(?:;|$)/i;

/** The stream format a `Content-Type` header value names, or null for anything else. */
export function streamFormat(contentType: string | null): StreamFormat | null {
  const match = contentType === null ? null : regExpExec(STREAM_TYPES, contentType);
  return match === null ? null : match[1] ? 'sse' : match[2] ? 'ndjson' : 'connect';
}

/** One body stream's records. */
export interface BodyStream {
  readonly sid: string;
  /** Forwards text received at `t`. */
  write(text: string, t: number): void;
  /** Notes that text went unrecorded (no panel): the next chunk tells the hub to resynchronise. */
  skip(): void;
  /** Records a new lifecycle state; `aborted`: the page aborted the request. */
  setState(state: StreamState, aborted?: boolean): void;
}

/**
 * Announces a stream of `transport` read from `url` (already open) and returns its writer;
 * `servedAs`: the content type of SSE served under another (the request asked for a stream).
 */
export function openBodyStream(
  ctx: TapContext,
  transport: 'fetch' | 'xhr',
  url: string,
  withCredentials: boolean,
  request: RequestDetails,
  format: StreamFormat,
  servedAs?: string,
): BodyStream {
  const queue = ctx.queue;
  const sid = ctx.nextStreamId(transport === 'fetch' ? 'f' : 'x');
  queue.push({ k: 'open', sid, url: stringSlice(url, 0, MAX_URL_CHARS), transport, withCredentials, t: ctx.now(), request, format, servedAs }, url.length);
  queue.push({ k: 'state', sid, state: 'open', t: ctx.now() }, 0);
  let seq = 0;
  let skipped = false;
  return {
    sid,
    write(text, t) {
      for (let at = 0; at < text.length; at += MAX_CHUNK_CHARS) {
        const part = stringSlice(text, at, at + MAX_CHUNK_CHARS);
        seq += 1;
        if (skipped) queue.push({ k: 'chunk', sid, seq, text: part, t, resync: true }, part.length);
        else queue.push({ k: 'chunk', sid, seq, text: part, t }, part.length);
        skipped = false;
      }
    },
    skip() {
      skipped = true;
    },
    setState(state, aborted) {
      queue.push({ k: 'state', sid, state, t: ctx.now(), aborted }, 0);
    },
  };
}
