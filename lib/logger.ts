/**
 * A named logger whose debug lines print only when debugging is switched on:
 * evaluate `globalThis.__SSE_HUB_DEBUG__ = true` in the context concerned.
 */

/** A logger for one area of the extension. */
export interface Logger {
  debug(...args: unknown[]): void;
}

function debugEnabled(): boolean {
  try {
    return (globalThis as { __SSE_HUB_DEBUG__?: boolean }).__SSE_HUB_DEBUG__ === true;
  } catch {
    return false;
  }
}

/** Creates a logger whose lines start with `[sse-hub:<area>]`. */
export function createLogger(area: string): Logger {
  const prefix = `[sse-hub:${area}]`;
  return {
    debug: (...args) => {
      if (debugEnabled()) console.debug(prefix, ...args);
    },
  };
}
