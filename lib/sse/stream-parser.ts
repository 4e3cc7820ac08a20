/**
 * Turns the raw text of a fetch-read SSE stream into events, with the maintained
 * `eventsource-parser`, the way a browser's EventSource would name them: no `event:`
 * field means type `message`, and `lastEventId` carries over between events.
 * Bounded: an event that grows past `maxEventChars` is dropped (reported as
 * `oversize`) and parsing resumes at the next blank line.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { MAX_PARSED_EVENT_CHARS } from '../protocol';
import { worded, type KeptText } from '../i18n/english';

/** One event as an EventSource would have dispatched it. */
export interface ParsedEvent {
  type: string;
  data: string;
  lastEventId: string;
}

/** Options for {@link createStreamParser}. */
export interface StreamParserOptions {
  onEvent: (event: ParsedEvent) => void;
  /** A problem in the stream; `code` is `oversize` or `parse`; `message` in English, `text` kept for the panel's language. */
  onError: (code: 'oversize' | 'parse', message: string, text: KeptText) => void;
  /** Largest event buffered before it is dropped. Defaults to `MAX_PARSED_EVENT_CHARS` (1 Mi UTF-16 units). */
  maxEventChars?: number;
}

/** A parser for one stream. */
export interface StreamParser {
  /** Feeds the next chunk; with `resync`, earlier text is unknown, so skip to the next blank line first. */
  feed(text: string, resync?: boolean): void;
}

/**
 * Finds where the text after the first blank line (an empty line) begins, given
 * whether the text before `text` ended with a line terminator. Returns -1 if none.
 */
export function afterBlankLine(text: string, state: { atLineStart: boolean; afterCR: boolean }): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      if (state.afterCR) {
        state.afterCR = false; // the LF of a CRLF pair
        continue;
      }
      if (state.atLineStart) return i + 1;
      state.atLineStart = true;
    } else if (c === 13 /* \r */) {
      if (state.atLineStart) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      state.atLineStart = true;
      state.afterCR = true;
    } else {
      state.atLineStart = false;
      state.afterCR = false;
    }
  }
  return -1;
}

/** Creates a parser for one fetch stream. */
export function createStreamParser(options: StreamParserOptions): StreamParser {
  let lastEventId = '';
  // While set, text is discarded until a blank line ends the unknown or oversize event.
  let skipping: { atLineStart: boolean; afterCR: boolean } | null = null;
  const parser: EventSourceParser = createParser({
    maxBufferSize: options.maxEventChars ?? MAX_PARSED_EVENT_CHARS,
    onId: (id) => {
      lastEventId = id;
    },
    onEvent: (event) => {
      options.onEvent({ type: event.event || 'message', data: event.data, lastEventId });
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        const { message, text } = worded('relayError.parser.oversize');
        options.onError('oversize', message, text);
        skipping = { atLineStart: false, afterCR: false };
      }
      // Unknown fields and invalid retry values are ignored, as browsers do.
    },
  });

  function feed(text: string, resync = false): void {
    if (resync) {
      parser.reset();
      skipping = { atLineStart: false, afterCR: false };
    }
    let rest = text;
    while (rest.length > 0) {
      if (skipping) {
        const at = afterBlankLine(rest, skipping);
        if (at < 0) return;
        skipping = null;
        parser.reset();
        rest = rest.slice(at);
        continue;
      }
      parser.feed(rest);
      if (!skipping) return;
      // The parser gave up inside this chunk; we cannot know where, so skip from its end.
      parser.reset();
      return;
    }
  }
  return { feed };
}
