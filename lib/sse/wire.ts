/**
 * The wire view of a stream whose bytes the tap sees (fetch and XHR bodies, as decoded
 * text): where each event's text lies in the stream, and what is wrong with the text
 * itself (wire lint). Events themselves come from `eventsource-parser`
 * (`stream-parser.ts`); this scanner follows the same rules line by line (the spec's
 * "interpret the stream" steps) so that its n-th dispatched block is the parser's n-th
 * event, and adds offsets and findings, which the parser does not report.
 *
 * Incremental: chunks may split lines, and a CR at the end of a chunk waits for the next
 * chunk to say whether it is a CRLF. Offsets count UTF-16 units of the recorded text.
 */

/** What wire lint finds. */
export type WireCode = 'bom' | 'unknown-field' | 'invalid-retry' | 'nul-in-id' | 'mixed-eol' | 'unterminated';

/** One finding, at offset `at` of the recorded text. */
export interface WireFinding {
  at: number;
  code: WireCode;
  message: string;
}

/** The text of one dispatched event: `[start, end)`, its blank line included. */
export interface WireBlock {
  start: number;
  end: number;
}

/** What one feed found. */
export interface WireFeed {
  blocks: WireBlock[];
  findings: WireFinding[];
}

/** A scanner for one stream. */
export interface WireScanner {
  /** Scans the next chunk; with `resync`, the text before it is unknown: skip to the next blank line. */
  feed(text: string, resync?: boolean): WireFeed;
  /** The stream ended: a line held for its CR is read (it may end an event); an event still open was never delivered. */
  end(): WireFeed;
  /** Offset of the next chunk's first character. */
  readonly offset: number;
}

/** Characters of a line kept for its field name and value (data lines are only measured). */
const LINE_KEEP = 1024;
const NAMES = { '\n': 'LF', '\r': 'CR', '\r\n': 'CRLF' } as const;
type Eol = keyof typeof NAMES;

/** Creates a scanner; events whose data exceed `maxEventChars` are not dispatched (the parser drops them too). */
export function createWireScanner(maxEventChars: number): WireScanner {
  let offset = 0;
  let started = false;
  // The line being read: its first characters, its length and where it started.
  let line = '';
  let lineLength = 0;
  let lineStart = 0;
  // A line ended by a CR at the end of a chunk, waiting to learn whether an LF follows.
  let pendingCR = false;
  let firstEol: Eol | null = null;
  let mixedReported = false;
  let skipping = false;
  let block: { start: number; data: boolean; dataChars: number } | null = null;

  function finish(eol: Eol, end: number, out: WireFeed): void {
    const text = line;
    const length = lineLength;
    const start = lineStart;
    line = '';
    lineLength = 0;
    lineStart = end;
    if (firstEol === null) firstEol = eol;
    else if (eol !== firstEol && !mixedReported) {
      mixedReported = true;
      out.findings.push({ at: start, code: 'mixed-eol', message: `This line ends with ${NAMES[eol]}, earlier ones with ${NAMES[firstEol]}: the stream mixes line endings (valid, but a sign of text stitched from several sources).` });
    }
    if (skipping) {
      if (length === 0) skipping = false;
      return;
    }
    if (length === 0) {
      if (block?.data && block.dataChars <= maxEventChars) out.blocks.push({ start: block.start, end });
      block = null;
      return;
    }
    block ??= { start, data: false, dataChars: 0 };
    if (text.charCodeAt(0) === 58 /* : */) return; // a comment
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const valueAt = colon < 0 ? length : colon + (text.charCodeAt(colon + 1) === 32 ? 2 : 1);
    const value = text.slice(valueAt);
    switch (field) {
      case 'data':
        block.data = true;
        block.dataChars += length - valueAt + 1;
        break;
      case 'event':
        break;
      case 'id':
        if (value.includes('\0')) out.findings.push({ at: start, code: 'nul-in-id', message: 'This id contains NUL (U+0000): browsers ignore the whole id field, so Last-Event-ID does not change.' });
        break;
      case 'retry':
        if (!/^[0-9]+$/.test(value)) out.findings.push({ at: start, code: 'invalid-retry', message: `retry “${clip(value)}” is not a whole number of milliseconds: browsers ignore it.` });
        break;
      default:
        out.findings.push({ at: start, code: 'unknown-field', message: `Unknown field “${clip(field)}”: browsers ignore the line.${colon < 0 ? ' (A line without a colon is a field name with an empty value.)' : ''}` });
    }
  }

  function feed(text: string, resync = false): WireFeed {
    const out: WireFeed = { blocks: [], findings: [] };
    if (resync) {
      line = '';
      lineLength = 0;
      pendingCR = false;
      block = null;
      skipping = true;
      lineStart = offset;
    }
    let i = 0;
    if (!started && text.length > 0) {
      started = true;
      if (!resync && text.charCodeAt(0) === 0xfeff) {
        out.findings.push({ at: 0, code: 'bom', message: 'The stream starts with a byte order mark (U+FEFF). EventSource skips one; other SSE parsers may read it as part of the first field name.' });
        // The BOM stays part of the first line (and of the first event's text).
        i = 1;
      }
    }
    if (pendingCR && text.length > 0) {
      pendingCR = false;
      if (text.charCodeAt(0) === 10) {
        i = Math.max(i, 1);
        finish('\r\n', offset + 1, out);
      } else finish('\r', offset, out);
    }
    const n = text.length;
    while (i < n) {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13) break;
        j++;
      }
      if (j > i) {
        if (line.length < LINE_KEEP) line += text.slice(i, Math.min(j, i + LINE_KEEP - line.length));
        lineLength += j - i;
      }
      if (j === n) break;
      if (text.charCodeAt(j) === 10) {
        finish('\n', offset + j + 1, out);
        i = j + 1;
      } else if (j + 1 < n) {
        const crlf = text.charCodeAt(j + 1) === 10;
        finish(crlf ? '\r\n' : '\r', offset + j + (crlf ? 2 : 1), out);
        i = j + (crlf ? 2 : 1);
      } else {
        pendingCR = true;
        i = n;
      }
    }
    offset += n;
    return out;
  }

  function end(): WireFeed {
    const out: WireFeed = { blocks: [], findings: [] };
    if (pendingCR) {
      pendingCR = false;
      finish('\r', offset, out);
    }
    if (!skipping && lineLength > 0) {
      // The last line has no line end: it is never even interpreted.
      block ??= { start: lineStart, data: false, dataChars: 0 };
      if (line.startsWith('data')) block.data = true;
    }
    if (block?.data && !skipping) {
      out.findings.push({ at: block.start, code: 'unterminated', message: 'The stream ended inside an event: its last block has data but no blank line after it, so no browser delivers it.' });
    }
    block = null;
    return out;
  }

  return {
    feed,
    end,
    get offset() {
      return offset;
    },
  };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
