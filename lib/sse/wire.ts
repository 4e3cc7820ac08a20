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
import { english, type Translate } from '../i18n';

/** What wire lint finds. */
export type WireCode = 'bom' | 'unknown-field' | 'invalid-retry' | 'nul-in-id' | 'mixed-eol' | 'unterminated';

/**
 * One finding, at offset `at` of the recorded text, with what its message names (the
 * field, the value, the line endings); `wireMessage()` writes it in the panel's language.
 */
export interface WireFinding {
  at: number;
  code: WireCode;
  args?: Record<string, string>;
}

/** A finding's message, e.g. `retry “soon” is not a whole number of milliseconds: browsers ignore it.` */
export function wireMessage(finding: { code: string; args?: Record<string, string> }, t: Translate = english): string {
  const a = finding.args ?? {};
  switch (finding.code) {
    case 'mixed-eol':
      return t('lint.mixed-eol', { eol: a.eol ?? '', first: a.first ?? '' });
    case 'nul-in-id':
      return t('lint.nul-in-id');
    case 'invalid-retry':
      return t('lint.invalid-retry', { value: a.value ?? '' });
    case 'unknown-field':
      return t(a.colon === 'no' ? 'lint.unknown-field.noColon' : 'lint.unknown-field', { field: a.field ?? '' });
    case 'bom':
      return t('lint.bom');
    case 'unterminated':
      return t('lint.unterminated');
    default:
      return finding.code;
  }
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
      out.findings.push({ at: start, code: 'mixed-eol', args: { eol: NAMES[eol], first: NAMES[firstEol] } });
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
        if (value.includes('\0')) out.findings.push({ at: start, code: 'nul-in-id' });
        break;
      case 'retry':
        if (!/^[0-9]+$/.test(value)) out.findings.push({ at: start, code: 'invalid-retry', args: { value: clip(value) } });
        break;
      default:
        out.findings.push({ at: start, code: 'unknown-field', args: { field: clip(field), colon: colon < 0 ? 'no' : 'yes' } });
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
        out.findings.push({ at: 0, code: 'bom' });
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
      out.findings.push({ at: block.start, code: 'unterminated' });
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
