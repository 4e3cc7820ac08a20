import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from '../support/cut';
import { createRawKeeper } from '../../../lib/relay/raw';
import { createStreamParser, type ParsedEvent } from '../../../lib/sse/stream-parser';
import { keyAtOffset, rawLines, rawText, rebuiltRaw } from '../../../lib/sse/raw-view';
import { createWireScanner, type WireBlock, type WireFinding } from '../../../lib/sse/wire';
import type { CapturedEvent } from '../../../lib/protocol';

function scan(chunks: string[], max = 1 << 20) {
  const scanner = createWireScanner(max);
  const blocks: WireBlock[] = [];
  const findings: WireFinding[] = [];
  for (const chunk of chunks) {
    const out = scanner.feed(chunk);
    blocks.push(...out.blocks);
    findings.push(...out.findings);
  }
  const last = scanner.end();
  blocks.push(...last.blocks);
  findings.push(...last.findings);
  return { blocks, findings };
}


// A stream with one of each lint finding, in order: BOM, unknown field, invalid retry, NUL in id, mixed line ends, unterminated.
const MALFORMED = '\uFEFFdata: one\n\nfoo: bar\ndata: two\n\nretry: soon\ndata: three\n\nid: a\0b\ndata: four\n\ndata: five\r\n\r\ndata: six';

describe('wire scanner', () => {
  it('finds each kind of lint at the line it belongs to', () => {
    const { findings, blocks } = scan([MALFORMED]);
    expect(findings.map((f) => f.code)).toEqual(['bom', 'unknown-field', 'invalid-retry', 'nul-in-id', 'mixed-eol', 'unterminated']);
    const at = (code: string) => findings.find((f) => f.code === code)!.at;
    expect(MALFORMED.slice(at('unknown-field')).startsWith('foo: bar')).toBe(true);
    expect(MALFORMED.slice(at('invalid-retry')).startsWith('retry: soon')).toBe(true);
    expect(MALFORMED.slice(at('nul-in-id')).startsWith('id: a\0b')).toBe(true);
    expect(MALFORMED.slice(at('mixed-eol')).startsWith('data: five\r\n')).toBe(true);
    expect(MALFORMED.slice(at('unterminated'))).toBe('data: six');
    // Five delivered events; the sixth never ends.
    expect(blocks.map((b) => MALFORMED.slice(b.start, b.end))).toEqual([
      '\uFEFFdata: one\n\n',
      'foo: bar\ndata: two\n\n',
      'retry: soon\ndata: three\n\n',
      'id: a\0b\ndata: four\n\n',
      'data: five\r\n\r\n',
    ]);
  });

  it('finds nothing in a well-formed stream; a block without data is no event', () => {
    const text = ': hi\n\nretry: 100\n\nid: 7\nevent: x\ndata: a\ndata: b\n\n';
    const { findings, blocks } = scan([text]);
    expect(findings).toEqual([]);
    expect(blocks).toHaveLength(1);
  });

  it('finds the same blocks and findings however the text is cut (a CR split from its LF included)', () => {
    const whole = scan([MALFORMED]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (points) => {
        expect(scan(cut(MALFORMED, points))).toEqual(whole);
      }),
    );
    const crlf = 'data: a\r\n\r\ndata: b\r\n\r\n';
    expect(scan(['data: a\r', '\n\r', '\ndata: b\r\n\r\n'])).toEqual(scan([crlf]));
    expect(scan(['data: a\r', '\n\r', '\ndata: b\r\n\r\n']).findings).toEqual([]);
  });

  it('dispatches as many events as eventsource-parser does, for any text', () => {
    const line = fc.constantFrom('data: x', 'data', 'data:', 'event: e', 'id: 1', 'retry: 5', 'retry: x', ': c', 'bogus', '');
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, eol), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 5 }), (lines, points) => {
        const text = lines.map(([l, e]) => l + e).join('');
        const events: ParsedEvent[] = [];
        const parser = createStreamParser({ onEvent: (e) => events.push(e), onError: () => {} });
        parser.feed(text);
        expect(scan(cut(text, points)).blocks).toHaveLength(events.length);
      }),
    );
  });

  it('does not dispatch an event larger than the cap, as the parser drops it', () => {
    expect(scan([`data: ${'x'.repeat(50)}\n\ndata: ok\n\n`], 20).blocks).toHaveLength(1);
  });

  it('after a resync, skips to the next blank line and reports nothing before it', () => {
    const scanner = createWireScanner(1 << 20);
    scanner.feed('data: a\n\n');
    const out = scanner.feed('ogus: x\nretry: no\n\ndata: b\n\n', true);
    expect(out.findings).toEqual([]);
    expect(out.blocks).toHaveLength(1);
  });
});

describe('the relay’s raw keeper', () => {
  it('links each event to its text, keeps the latest text within its cap and counts what it cut', () => {
    const keeper = createRawKeeper(40, 2);
    keeper.write('data: 1\n\ndata: 2\n\n', false);
    keeper.link('s#1');
    keeper.link('s#2');
    keeper.write('data: 3\r', false);
    // The parser delivered event 3 at the CR; the scanner learns it at the next chunk.
    keeper.link('s#3');
    expect(keeper.view('s').blocks.map((b) => b.key)).toEqual(['s#1', 's#2']);
    keeper.write('\n\r\nbogus\n', false);
    keeper.write(`data: ${'y'.repeat(30)}\n\n`, false);
    keeper.link('s#4');
    const view = keeper.view('s');
    expect(view.dropped).toBeGreaterThan(0);
    expect(rawText(view).length).toBeLessThanOrEqual(40 + 40);
    expect(view.blocks.map((b) => b.key)).toEqual(['s#4']);
    expect(keyAtOffset(view, view.blocks[0]!.start)).toBe('s#4');
    expect(view.findingsTotal).toBe(2); // mixed line ends, the unknown field
    expect(keeper.end()).toBe(0);
  });

  it('reports an event left open when the body ends, once', () => {
    const keeper = createRawKeeper();
    keeper.write('data: half', false);
    expect(keeper.end()).toBe(1);
    expect(keeper.end()).toBe(0);
    expect(keeper.view('s').findings.map((f) => f.code)).toEqual(['unterminated']);
  });

  it('trims to its latest piece when the tab needs room', () => {
    const keeper = createRawKeeper();
    keeper.write('data: 1\n\n', false);
    keeper.write('data: 2\n\n', false);
    expect(keeper.trim()).toBe(9);
    expect(keeper.kept).toBe(9);
    expect(keeper.view('s').dropped).toBe(9);
  });
});

describe('raw view lines', () => {
  it('splits the text into lines with their ends and events, across pieces, and marks what was not recorded', () => {
    const lines = rawLines({
      streamId: 's',
      source: 'wire',
      pieces: [
        { start: 0, text: 'data: a\r', resync: false },
        { start: 8, text: '\n\r\nda', resync: false },
        { start: 13, text: 'ta: b\n\n', resync: false },
        { start: 20, text: 'data: c\n\n', resync: true },
      ],
      dropped: 0,
      blocks: [
        { start: 0, end: 11, key: 's#1' },
        { start: 11, end: 20, key: 's#2' },
        { start: 20, end: 29, key: 's#3' },
      ],
      findings: [],
      findingsTotal: 0,
      ended: false,
    });
    expect(lines.map((l) => [l.text, l.eol, l.key, l.gap ?? null])).toEqual([
      ['data: a', 'CRLF', 's#1', null],
      ['', 'CRLF', 's#1', null],
      ['data: b', 'LF', 's#2', null],
      ['', 'LF', 's#2', null],
      ['… text the page received while no panel was recording', '', null, 'resync'],
      ['data: c', 'LF', 's#3', null],
      ['', 'LF', 's#3', null],
    ]);
  });

  it('rebuilds an EventSource stream from its events, each event tied to its frame', () => {
    const event = (seq: number, data: string) => ({ key: `s#${seq}`, streamId: 's', type: 'message', data, lastEventId: '' }) as CapturedEvent;
    const view = rebuiltRaw([event(1, 'a'), { ...event(2, 'b'), streamId: 'other' }, event(3, 'x\ny')], 's');
    expect(rawText(view)).toBe('data: a\n\ndata: x\ndata: y\n\n');
    expect(rawLines(view).map((l) => l.key)).toEqual(['s#1', 's#1', 's#3', 's#3', 's#3']);
  });
});
