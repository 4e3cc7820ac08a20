import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { createFullCapture } from '../../lib/ext/full-capture';
import type { DebuggerMessage } from '../../lib/relay/relay';
import type { FullCaptureState } from '../../lib/protocol';

type Listener<A extends unknown[]> = (...args: A) => void;

/** chrome.debugger as the full-capture build has it (WXT's fake browser has none): attach, detach, commands and its two events. */
function fakeDebugger() {
  const onEvent: Listener<[{ tabId?: number }, string, object?]>[] = [];
  const onDetach: Listener<[{ tabId?: number }, string]>[] = [];
  return {
    api: {
      attach: vi.fn(async (_target: { tabId: number }, _version: string) => undefined),
      detach: vi.fn(async (_target: { tabId: number }) => undefined),
      sendCommand: vi.fn(async (_target: { tabId: number }, _method: string, _params?: object) => ({})),
      onEvent: { addListener: (fn: (typeof onEvent)[number]) => onEvent.push(fn) },
      onDetach: { addListener: (fn: (typeof onDetach)[number]) => onDetach.push(fn) },
    },
    event: (tabId: number, method: string, params: object) => onEvent.forEach((fn) => fn({ tabId }, method, params)),
    detach: (tabId: number, reason: string) => onDetach.forEach((fn) => fn({ tabId }, reason)),
  };
}

describe('full capture (chrome.debugger)', () => {
  let states: [number, FullCaptureState][];
  let messages: [number, DebuggerMessage[]][];
  const options = () => ({
    onState: (tabId: number, state: FullCaptureState) => states.push([tabId, state]),
    onMessages: (tabId: number, batch: DebuggerMessage[]) => messages.push([tabId, batch]),
    onResponse: () => undefined,
  });
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    states = [];
    messages = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    delete (browser as { debugger?: unknown }).debugger;
  });

  it('says the build has no debugger permission when the API is missing', async () => {
    await createFullCapture(options()).set(7, true);
    expect(states).toEqual([[7, { on: false, error: { code: 'no-permission', detail: '' } }]]);
  });

  it('attaches, enables Network, and reports each EventSource message of the tab after a short hold, in wall-clock time', async () => {
    const dbg = fakeDebugger();
    (browser as { debugger?: unknown }).debugger = dbg.api;
    const capture = createFullCapture(options());
    await capture.set(7, true);
    expect(dbg.api.attach).toHaveBeenCalledWith({ tabId: 7 }, '1.3');
    expect(dbg.api.sendCommand).toHaveBeenCalledWith({ tabId: 7 }, 'Network.enable', {});
    expect(states).toEqual([[7, { on: true, error: null }]]);

    // Wall clock 1,000,000 s when the monotonic clock read 50 s: offset 999,950 s.
    dbg.event(7, 'Network.requestWillBeSent', { requestId: 'r1', type: 'EventSource', timestamp: 50, wallTime: 1_000_000, request: { url: 'https://hub.example/api/sse/events' } });
    dbg.event(7, 'Network.requestWillBeSent', { requestId: 'x', type: 'Fetch', timestamp: 50, wallTime: 1_000_000, request: { url: 'https://hub.example/api/cards' } });
    dbg.event(7, 'Network.eventSourceMessageReceived', { requestId: 'r1', timestamp: 50.25, eventName: 'card.updated', eventId: '4', data: '{"id":1}' });
    dbg.event(7, 'Network.eventSourceMessageReceived', { requestId: 'r1', timestamp: 50.5, eventName: '', eventId: '', data: 'plain' });
    // Not an EventSource of ours (a fetch, or opened before a worker restart): nothing to place it on.
    dbg.event(7, 'Network.eventSourceMessageReceived', { requestId: 'x', timestamp: 51, eventName: 'x', eventId: '', data: '' });
    dbg.event(8, 'Network.eventSourceMessageReceived', { requestId: 'r1', timestamp: 51, eventName: 'x', eventId: '', data: '' });
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(messages).toEqual([
      [7, [
        { requestId: 'r1', url: 'https://hub.example/api/sse/events', type: 'card.updated', data: '{"id":1}', lastEventId: '4', t: 1_000_000_250 },
        { requestId: 'r1', url: 'https://hub.example/api/sse/events', type: 'message', data: 'plain', lastEventId: '', t: 1_000_000_500 },
      ]],
    ]);
  });

  it('tells why it went off by itself: the debugging bar cancelled, detached for another reason; a closed tab is no error', async () => {
    const dbg = fakeDebugger();
    (browser as { debugger?: unknown }).debugger = dbg.api;
    const capture = createFullCapture(options());
    for (const tabId of [1, 2, 3]) await capture.set(tabId, true);
    states = [];
    dbg.detach(1, 'canceled_by_user');
    dbg.detach(2, 'target_closed');
    dbg.detach(3, 'replaced_with_devtools');
    dbg.detach(4, 'canceled_by_user'); // never attached: not ours to report
    dbg.detach(1, 'canceled_by_user'); // told twice: once
    expect(states).toEqual([
      [1, { on: false, error: { code: 'cancelled', detail: '' } }],
      [2, { on: false, error: null }],
      [3, { on: false, error: { code: 'detached', detail: 'replaced_with_devtools' } }],
    ]);
  });

  it('says Chrome refused, with Chrome’s words, and turns off cleanly, sending what it held first', async () => {
    const dbg = fakeDebugger();
    dbg.api.attach.mockRejectedValueOnce(new Error('Another debugger is already attached to the tab with id: 5.'));
    (browser as { debugger?: unknown }).debugger = dbg.api;
    const capture = createFullCapture(options());
    await capture.set(5, true);
    expect(states).toEqual([[5, { on: false, error: { code: 'refused', detail: 'Another debugger is already attached to the tab with id: 5.' } }]]);

    states = [];
    await capture.set(5, true);
    dbg.event(5, 'Network.requestWillBeSent', { requestId: 'r', type: 'EventSource', timestamp: 1, wallTime: 2, request: { url: 'u' } });
    dbg.event(5, 'Network.eventSourceMessageReceived', { requestId: 'r', timestamp: 1, eventName: 'a', eventId: '', data: 'd' });
    await capture.set(5, false);
    expect(messages.map(([tabId, batch]) => [tabId, batch.length])).toEqual([[5, 1]]);
    expect(dbg.api.detach).toHaveBeenCalledWith({ tabId: 5 });
    expect(states).toEqual([[5, { on: true, error: null }], [5, { on: false, error: null }]]);
    vi.advanceTimersByTime(1_000);
    expect(messages).toHaveLength(1);
  });
});
