/** The only module that calls `browser.*` for ports and tabs. */
import { browser } from 'wxt/browser';
import { portName, type PortPeer } from '../protocol';

/** A runtime port as the rest of the code sees it. */
export type RuntimePort = ReturnType<typeof browser.runtime.connect>;

/** Opens a port to the background for `peer`. */
export function connectToRelay(peer: PortPeer): RuntimePort {
  return browser.runtime.connect({ name: portName(peer) });
}
