/**
 * Per-stream bookkeeping of the relay: the stream's public info, the sequence numbers
 * that detect re-sends and gaps, the fetch-stream parser, and timeline marks.
 */
import type { StreamFormat, StreamInfo, StreamMark, Transport } from '../protocol';
import { createConnectParser, createNdjsonParser } from '../sse/formats';
import { createStreamParser, type ParsedEvent, type StreamParser } from '../sse/stream-parser';
import type { RawKeeper } from './raw';
import type { KeptText } from '../i18n/english';

/** Most timeline marks kept per stream. */
const MAX_MARKS = 50;

/** A stream as the relay tracks it. */
export interface StreamSession {
  info: StreamInfo;
  /** Highest tap sequence number seen (messages for EventSource, chunks for fetch). */
  lastSeq: number;
  /** Event numbering for fetch streams, whose events the hub itself parses. */
  parsedSeq: number;
  /** Event numbering of the messages only full capture (the debugger) saw. */
  debuggerSeq: number;
  /** Key of the stream's event the debugger reported last (whichever copy was kept). */
  debuggerLastKey?: string;
  /** Named types the page listened to, with when it started (full capture's merge rule). */
  listened?: Map<string, number>;
  parser?: ChunkParser;
  /** A fetch or XHR stream's text and wire lint, for the raw view. */
  raw?: RawKeeper;
}

/** A fetch stream's parser and what it produced during the current feed. */
export interface ChunkParser {
  parser: StreamParser;
  events: ParsedEvent[];
  errors: { code: 'oversize' | 'parse'; message: string; text: KeptText }[];
}

/** A stream first seen at `t` (its `open` record, or whatever record came first). */
export function createStreamSession(id: string, frameId: number, transport: Transport, t: number): StreamSession {
  return {
    info: {
      id,
      frameId,
      url: '',
      transport,
      withCredentials: false,
      state: 'open',
      openedAt: t,
      events: 0,
      reconnects: 0,
      lastEventId: '',
      gaps: 0,
      firstEventAt: null,
      lastEventAt: null,
      longestGapMs: 0,
      reconnectIds: [],
      marks: [],
    },
    lastSeq: 0,
    parsedSeq: 0,
    debuggerSeq: 0,
  };
}

/** The parser for a body of `format`; it outlives one batch, so it only collects; each ingest drains it. */
export function createChunkParser(format: StreamFormat = 'sse'): ChunkParser {
  const events: ParsedEvent[] = [];
  const errors: ChunkParser['errors'] = [];
  const options = {
    onEvent: (event: ParsedEvent) => events.push(event),
    onError: (code: 'oversize' | 'parse', message: string, text: KeptText) => errors.push({ code, message, text }),
  };
  const parser = format === 'ndjson' ? createNdjsonParser(options) : format === 'connect' ? createConnectParser(options) : createStreamParser(options);
  return { parser, events, errors };
}

/** A copy of the info that later changes to the stream do not reach. */
export function copyInfo(info: StreamInfo): StreamInfo {
  return { ...info, reconnectIds: [...info.reconnectIds], marks: [...info.marks] };
}

/** Adds a timeline mark, keeping the latest `MAX_MARKS`. */
export function pushMark(info: StreamInfo, mark: StreamMark): void {
  info.marks.push(mark);
  if (info.marks.length > MAX_MARKS) info.marks.splice(0, info.marks.length - MAX_MARKS);
}
