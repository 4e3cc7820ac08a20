/** Port names are built and parsed here and nowhere else. */

const PREFIX = 'sse-hub';

/** Who is on the other end of a port. */
export type PortPeer = { role: 'bridge' } | { role: 'panel'; tabId: number };

/** Builds the name a context passes to `runtime.connect`. */
export function portName(peer: PortPeer): string {
  return peer.role === 'bridge' ? `${PREFIX}/bridge` : `${PREFIX}/panel/${peer.tabId}`;
}

/** Parses a port name; `null` for anything that is not exactly one of ours. */
export function parsePortName(name: string): PortPeer | null {
  if (name === `${PREFIX}/bridge`) return { role: 'bridge' };
  const match = /^sse-hub\/panel\/(\d{1,10})$/.exec(name);
  if (!match) return null;
  const tabId = Number(match[1]);
  return Number.isSafeInteger(tabId) ? { role: 'panel', tabId } : null;
}
