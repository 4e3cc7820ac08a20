/** Port names are built and parsed here and nowhere else. */

const PREFIX = 'sse-hub';

/** Who is on the other end of a port. */
/**
 * Who is on the other end of a port. A `panel` subscribes to everything about a tab and
 * makes it record; a `control` (the toolbar popup) sees and sets only its flags.
 */
export type PortPeer = { role: 'bridge' } | { role: 'panel' | 'control'; tabId: number };

/** Builds the name a context passes to `runtime.connect`. */
export function portName(peer: PortPeer): string {
  return peer.role === 'bridge' ? `${PREFIX}/bridge` : `${PREFIX}/${peer.role}/${peer.tabId}`;
}

/** Parses a port name; `null` for anything that is not exactly one of ours. */
export function parsePortName(name: string): PortPeer | null {
  if (name === `${PREFIX}/bridge`) return { role: 'bridge' };
  const match = /^sse-hub\/(panel|control)\/(\d{1,10})$/.exec(name);
  if (!match) return null;
  const tabId = Number(match[2]);
  return Number.isSafeInteger(tabId) ? { role: match[1] as 'panel' | 'control', tabId } : null;
}
