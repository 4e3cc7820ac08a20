import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { serveRelay } from '../../lib/ext/relay-ports';
import { createRelay } from '../../lib/relay/relay';
import { envelope, portName, type BridgeToRelay } from '../../lib/protocol';

/** A runtime port as the relay sees one: what it posts is kept, what the test sends reaches its listeners. */
function fakePort(name: string, sender: object) {
  const listeners: ((message: unknown) => void)[] = [];
  const gone: (() => void)[] = [];
  const posted: { type: string; payload: unknown }[] = [];
  return {
    name,
    sender,
    posted,
    postMessage: (message: { type: string; payload: unknown }) => posted.push(message),
    onMessage: { addListener: (fn: (message: unknown) => void) => listeners.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => gone.push(fn) },
    disconnect: vi.fn(),
    send: (message: BridgeToRelay) => listeners.forEach((fn) => fn(message)),
    close: () => gone.forEach((fn) => fn()),
  };
}

describe('relay ports: acknowledging a bridge’s batches', () => {
  let onConnect: (port: unknown) => void;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    vi.spyOn(browser.runtime.onConnect, 'addListener').mockImplementation((fn) => void (onConnect = fn as (port: unknown) => void));
    serveRelay(createRelay({ now: Date.now }));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function bridge() {
    const port = fakePort(portName({ role: 'bridge' }), { tab: { id: 7 }, frameId: 0, id: browser.runtime.id, url: 'http://app.test/' });
    onConnect(port);
    port.send(envelope('bridge/hello', { navigationId: 'nav-1', url: 'http://app.test/', recording: null }));
    await vi.advanceTimersByTimeAsync(0);
    return port;
  }
  const batch = (n: number) => envelope('bridge/batch', { n, wire: '', dropped: 0, rejected: 0 });
  const acks = (port: ReturnType<typeof fakePort>) => port.posted.filter((m) => m.type === 'relay/ack').map((m) => (m.payload as { n: number }).n);

  it('acknowledges what arrived within 100 ms once, with the newest number', async () => {
    const port = await bridge();
    for (const n of [1, 2, 3]) port.send(batch(n));
    await vi.advanceTimersByTimeAsync(99);
    expect(acks(port)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(acks(port)).toEqual([3]);
    port.send(batch(4));
    await vi.advanceTimersByTimeAsync(100);
    expect(acks(port)).toEqual([3, 4]);
    // Nothing new arrived: no further acknowledgement.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(acks(port)).toEqual([3, 4]);
  });

  it('sends nothing to a bridge that disconnected before its acknowledgement was due', async () => {
    const port = await bridge();
    port.send(batch(1));
    await vi.advanceTimersByTimeAsync(0);
    port.close();
    const before = port.posted.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(acks(port)).toEqual([]);
    expect(port.posted).toHaveLength(before);
  });
});
