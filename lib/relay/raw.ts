/**
 * The relay's copy of what a fetch or XHR stream's body said, for the panel's raw view:
 * the latest text (bounded, what is cut from the front counted), where each captured event
 * lies in it, and the wire lint findings. Kept only in the relay; a panel asks for it
 * (`panel/raw`) when it opens the view, so ordinary traffic carries no raw text twice.
 */
import { MAX_PARSED_EVENT_CHARS, MAX_RAW_CHARS, MAX_RAW_FINDINGS, type RawView } from '../protocol';
import { createWireScanner, type WireFinding, type WireScanner } from '../sse/wire';

/** One stream's raw text and its links. */
export interface RawKeeper {
  /** Records a chunk; returns how many findings it added. */
  write(text: string, resync: boolean): number;
  /** Links the next captured event of the stream (the parser's order) to its text. */
  link(key: string): void;
  /** The stream ended: returns how many findings that added (an event left open). */
  end(): number;
  view(streamId: string): RawView;
  /** Characters of text kept now. */
  readonly kept: number;
  /** Drops all kept text but the latest piece (counted as dropped); returns the characters freed. */
  trim(): number;
}

/** A keeper holding at most `maxChars` of text and `maxFindings` findings (all are counted). */
export function createRawKeeper(maxChars = MAX_RAW_CHARS, maxFindings = MAX_RAW_FINDINGS): RawKeeper {
  const scanner: WireScanner = createWireScanner(MAX_PARSED_EVENT_CHARS);
  const pieces: { start: number; text: string; resync: boolean }[] = [];
  let kept = 0;
  let dropped = 0;
  const blocks: { start: number; end: number; key: string | null }[] = [];
  // Blocks the scanner dispatched that no event has claimed yet, and events waiting for theirs
  // (the scanner holds a line ending in CR until the next chunk; the parser does not).
  let unclaimed = 0;
  const waiting: string[] = [];
  const findings: WireFinding[] = [];
  let findingsTotal = 0;
  let ended = false;

  function note(found: readonly WireFinding[]): number {
    findingsTotal += found.length;
    for (const f of found) findings.push(f);
    if (findings.length > maxFindings) findings.splice(0, findings.length - maxFindings);
    return found.length;
  }

  function pair(): void {
    while (unclaimed > 0 && waiting.length > 0) {
      blocks[blocks.length - unclaimed]!.key = waiting.shift()!;
      unclaimed -= 1;
    }
  }

  return {
    write(text, resync) {
      const start = scanner.offset;
      const found = scanner.feed(text, resync);
      pieces.push({ start, text, resync });
      kept += text.length;
      while (kept > maxChars && pieces.length > 1) {
        const first = pieces.shift()!;
        kept -= first.text.length;
        dropped += first.text.length;
      }
      for (const b of found.blocks) blocks.push({ ...b, key: null });
      unclaimed += found.blocks.length;
      const from = pieces[0]!.start;
      let cut = 0;
      while (cut < blocks.length - unclaimed && blocks[cut]!.end <= from) cut++;
      blocks.splice(0, cut);
      pair();
      return note(found.findings);
    },
    link(key) {
      waiting.push(key);
      // An event the scanner never saw the text of (it was cut) must not claim a later block.
      if (waiting.length > 64) waiting.shift();
      pair();
    },
    end() {
      if (ended) return 0;
      ended = true;
      const found = scanner.end();
      for (const b of found.blocks) blocks.push({ ...b, key: null });
      unclaimed += found.blocks.length;
      pair();
      return note(found.findings);
    },
    get kept() {
      return kept;
    },
    trim() {
      let freed = 0;
      while (pieces.length > 1) {
        const first = pieces.shift()!;
        freed += first.text.length;
      }
      kept -= freed;
      dropped += freed;
      const from = pieces[0]?.start ?? scanner.offset;
      let cut = 0;
      while (cut < blocks.length - unclaimed && blocks[cut]!.end <= from) cut++;
      blocks.splice(0, cut);
      return freed;
    },
    view(streamId) {
      return { streamId, pieces: pieces.map((p) => ({ ...p })), dropped, blocks: blocks.map((b) => ({ ...b })), findings: [...findings], findingsTotal, ended, source: 'wire' };
    },
  };
}
