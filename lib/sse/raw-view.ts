/**
 * The raw view's content: a stream's text split into lines for display, each line tied to
 * the event whose text it is; and, for an EventSource stream (whose bytes a page cannot
 * see), the text rebuilt from its captured events.
 */
import type { CapturedEvent, RawView, StreamFormat } from '../protocol';
import { toSseFrame } from './frame';

/** One displayed line. */
export interface RawLine {
  /** Offset of its first character. */
  at: number;
  /** Its text (cut at `MAX_SHOWN` characters), without the line end. */
  text: string;
  /** Characters not shown. */
  hidden: number;
  /** How it ends: `LF`, `CRLF`, `CR`, or '' (the text so far ends inside it). */
  eol: 'LF' | 'CRLF' | 'CR' | '';
  /** The captured event whose text this line is part of, if any. */
  key: string | null;
  /** A marker line standing for text that was not recorded (or was cut to stay within the cap). */
  gap?: 'resync' | 'dropped';
}

/** Longest line text shown. */
const MAX_SHOWN = 2_000;

/** `view`'s text as display lines, in order. */
export function rawLines(view: RawView): RawLine[] {
  const lines: RawLine[] = [];
  const blocks = view.blocks;
  let b = 0;
  const keyAt = (at: number): string | null => {
    while (b < blocks.length && blocks[b]!.end <= at) b++;
    const block = blocks[b];
    return block && block.start <= at ? block.key : null;
  };
  if (view.dropped > 0) lines.push({ at: view.pieces[0]?.start ?? 0, text: `… ${view.dropped.toLocaleString('en-US')} earlier characters not kept (the relay keeps the latest text of each stream)`, hidden: 0, eol: '', key: null, gap: 'dropped' });
  let open: RawLine | null = null;
  for (const piece of view.pieces) {
    if (piece.resync) {
      open = null;
      lines.push({ at: piece.start, text: '… text the page received while no panel was recording', hidden: 0, eol: '', key: null, gap: 'resync' });
    }
    const text = piece.text;
    let i = 0;
    // A CR that ended the previous piece may be the first half of a CRLF.
    if (open === null && lines.length > 0 && lines[lines.length - 1]!.eol === 'CR' && text.charCodeAt(0) === 10) {
      lines[lines.length - 1]!.eol = 'CRLF';
      i = 1;
    }
    while (i <= text.length) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      const part = text.slice(i, j);
      const line: RawLine = open ?? { at: piece.start + i, text: '', hidden: 0, eol: '', key: null };
      if (open === null) {
        line.key = keyAt(line.at);
        lines.push(line);
      }
      const room = MAX_SHOWN - line.text.length;
      line.text += part.slice(0, Math.max(0, room));
      line.hidden += Math.max(0, part.length - room);
      if (j === text.length) {
        open = line;
        break;
      }
      open = null;
      if (text.charCodeAt(j) === 10) {
        line.eol = 'LF';
        i = j + 1;
      } else if (text.charCodeAt(j + 1) === 10) {
        line.eol = 'CRLF';
        i = j + 2;
      } else {
        line.eol = 'CR';
        i = j + 1;
      }
      if (i === text.length) break;
    }
  }
  // A last line with nothing in it is just where the text ends.
  const last = lines[lines.length - 1];
  if (last && last.eol === '' && last.text === '' && last.hidden === 0 && !last.gap) lines.pop();
  return lines;
}

/** The whole text of `view` (what *Copy* copies). */
export function rawText(view: RawView): string {
  let text = '';
  for (const piece of view.pieces) text += piece.text;
  return text;
}

/** The key of the event whose text contains offset `at`, if any. */
export function keyAtOffset(view: RawView, at: number): string | null {
  for (const block of view.blocks) if (block.start <= at && at < block.end) return block.key;
  return null;
}

/**
 * A stream's text rebuilt from its events: SSE frames for an EventSource (its bytes are not
 * visible to a page), one line per message for NDJSON and Connect streams.
 */
export function rebuiltRaw(events: readonly CapturedEvent[], streamId: string, format?: StreamFormat): RawView {
  let text = '';
  const blocks: RawView['blocks'] = [];
  for (const event of events) {
    if (event.streamId !== streamId) continue;
    const frame = format === 'ndjson' || format === 'connect' ? `${event.data}\n` : toSseFrame({ type: event.type, data: event.data, id: event.lastEventId });
    blocks.push({ start: text.length, end: text.length + frame.length, key: event.key });
    text += frame;
  }
  return { streamId, source: 'events', pieces: text ? [{ start: 0, text, resync: false }] : [], dropped: 0, blocks, findings: [], findingsTotal: 0, ended: false };
}
