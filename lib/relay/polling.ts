/**
 * Polling detection: a URL requested repeatedly at a steady period (React Query's
 * `refetchInterval`, a `setInterval` around `fetch`) is a legacy poll the migration
 * should retire. Pure and bounded; time comes from the requests themselves.
 */
import type { PollInfo } from '../protocol';

/** GET or HEAD requests before a URL can count as polled (two steady intervals). */
export const POLL_MIN_HITS = 3;
/**
 * Requests of other methods before they can count as polled (five steady intervals):
 * a POST can be a poll (GraphQL), but a few evenly spaced user actions are not.
 */
export const POLL_MIN_HITS_WRITE = 6;
/** Intervals kept per URL for the period estimate. */
const MAX_INTERVALS = 8;
/** URLs tracked per tab; the least recently requested go first. Defaults to 200. */
export const MAX_POLL_URLS = 200;
/** An interval counts as steady within this fraction of the median (or `STEADY_SLACK_MS`, whichever is larger). */
const STEADY_FRACTION = 0.25;
const STEADY_SLACK_MS = 100;
/** Intervals shorter than this are a burst, not polling. */
const MIN_PERIOD_MS = 200;

interface UrlState {
  info: PollInfo;
  intervals: number[];
}

/** What one request told the detector. */
export interface PollHit {
  /** The URL's statistics after this request (a copy). */
  info: PollInfo;
  /** True when the URL is polled (this request is one of the polls). */
  polling: boolean;
}

/** Tracks the page's requests per `<METHOD> <url>`. */
export interface PollingDetector {
  /** Records a request; `disabled` is whether `POLLING_DISABLED` was on at the time. */
  hit(request: { url: string; method: string; via: 'fetch' | 'xhr'; t: number }, disabled: boolean): PollHit;
  /** Every tracked URL that is polled, most recent first. */
  polls(): PollInfo[];
  reset(): void;
}

/** Creates a polling detector. */
export function createPollingDetector(maxUrls = MAX_POLL_URLS): PollingDetector {
  // Map order is recency order: a hit re-inserts its URL at the end.
  const urls = new Map<string, UrlState>();

  return {
    hit({ url, method, via, t }, disabled) {
      const key = `${method.toUpperCase()} ${url}`;
      let state = urls.get(key);
      if (state) {
        urls.delete(key);
        const interval = t - state.info.lastHit;
        state.intervals.push(interval);
        if (state.intervals.length > MAX_INTERVALS) state.intervals.shift();
        state.info.count += 1;
        state.info.lastHit = t;
      } else {
        state = {
          info: { key, url, method: method.toUpperCase(), via, count: 1, periodMs: null, firstHit: t, lastHit: t, polling: false, whileDisabled: 0 },
          intervals: [],
        };
        if (urls.size >= maxUrls) urls.delete(urls.keys().next().value as string);
      }
      urls.set(key, state);
      updatePeriod(state);
      if (state.info.polling && disabled) state.info.whileDisabled += 1;
      return { info: { ...state.info }, polling: state.info.polling };
    },
    polls() {
      return [...urls.values()]
        .filter((s) => s.info.polling)
        .map((s) => ({ ...s.info }))
        .reverse();
    },
    reset() {
      urls.clear();
    },
  };
}

/** Estimates the period from the latest intervals; a URL becomes polled once they are steady. */
function updatePeriod(state: UrlState): void {
  const { intervals, info } = state;
  const needed = (info.method === 'GET' || info.method === 'HEAD' ? POLL_MIN_HITS : POLL_MIN_HITS_WRITE) - 1;
  if (intervals.length < needed) return;
  const sorted = [...intervals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  info.periodMs = Math.round(median);
  if (info.polling || median < MIN_PERIOD_MS) return;
  const slack = Math.max(median * STEADY_FRACTION, STEADY_SLACK_MS);
  const recent = intervals.slice(-needed);
  info.polling = recent.every((interval) => Math.abs(interval - median) <= slack);
}
