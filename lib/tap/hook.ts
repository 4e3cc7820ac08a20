/**
 * The page hook, `window.__SSE_HUB_DEVTOOLS_HOOK__`: the tab's migration flags (set
 * before the page's first script, updated with an `sse-hub:flags` window event), and
 * the legacy reporting functions. Frozen and non-enumerable; the page can read it and
 * call it, never change it.
 */
import { FLAGS, normalizeFlags, OPTIMISTIC_SYSTEM, type Flags } from '../protocol';
import type { TapContext } from './context';
import { defineProperty, freeze } from './primordials';
import { reportLegacy, tapEmitter } from './legacy';

/** Name of the page hook global; its presence also marks the tap as installed. */
export const HOOK_NAME = '__SSE_HUB_DEVTOOLS_HOOK__';

/** What the page sees on the hook. */
export interface PageHook {
  readonly version: 1;
  /** The tab's flags (a frozen object, replaced on each change). */
  readonly flags: Readonly<Flags>;
  /** Reports an event of a legacy system the app runs itself; shown as source `legacy:<source>`. */
  emit(source: string, eventType: string, eventData?: unknown): void;
  /**
   * Reports every call of `target`'s `emit` (or `dispatchEvent`, or `method`) as an event
   * of `source`, keeping its return values and exceptions. Returns an "untap" function,
   * or null when the target cannot be tapped.
   */
  tapEmitter(source: string, target: object, method?: string): (() => void) | null;
  /**
   * Reports an optimistic update the app just made locally: `action` is the SSE event type
   * that should confirm it, `key` the value of its key field (a card id), `data` what the UI
   * assumed. The panel pairs it with the confirming event. Shown as source `legacy:optimistic`.
   */
  optimistic(action: string, key: string, data?: unknown): void;
}

/** Controls the hook's flags from the tap. */
export interface HookControl {
  /** Takes the background's flags; fires the flags event when they differ from what the page has. */
  setFlags(flags: Flags, rollback: boolean): void;
}

/**
 * Defines the hook on `win` with `initial` flags. `announce` fires the page's
 * `sse-hub:flags` event with the new flags.
 */
export function defineHook(
  win: object,
  ctx: TapContext,
  initial: unknown,
  announce: (detail: { flags: Readonly<Flags>; rollback: boolean }) => void,
): HookControl {
  let current = freeze(normalizeFlags(initial));
  const hook: PageHook = freeze({
    version: 1 as const,
    get flags() {
      return current;
    },
    emit(source: string, eventType: string, eventData?: unknown) {
      try {
        reportLegacy(ctx, source, eventType, eventData);
      } catch {
        ctx.queue.drop();
      }
    },
    optimistic(action: string, key: string, data?: unknown) {
      try {
        reportLegacy(ctx, OPTIMISTIC_SYSTEM, action, { key, data });
      } catch {
        ctx.queue.drop();
      }
    },
    tapEmitter(source: string, target: object, method?: string) {
      try {
        return tapEmitter(ctx, source, target, method);
      } catch {
        return null;
      }
    },
  });
  defineProperty(win, HOOK_NAME, { value: hook, enumerable: false, configurable: false, writable: false });
  return {
    setFlags(flags, rollback) {
      const next = normalizeFlags(flags);
      let changed = false;
      for (let i = 0; i < FLAGS.length; i++) changed ||= next[FLAGS[i]!] !== current[FLAGS[i]!];
      if (!changed && !rollback) return;
      current = freeze(next);
      announce({ flags: current, rollback });
    },
  };
}
