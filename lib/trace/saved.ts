/** Saved captures as the panel sees them (the storage itself is `lib/ext/saved-captures.ts`). */

/** What the list shows of a saved capture. */
export interface SavedCaptureInfo {
  id: string;
  name: string;
  savedAt: number;
  /** Bytes of the (gzipped) trace file. */
  bytes: number;
  events: number;
  pageUrl: string | null;
}

/** The extension's saved captures, where a page has them. */
export interface CapturesApi {
  list(): Promise<SavedCaptureInfo[]>;
  /** Saves a trace file under `name`; rejects (with the reason) past the cap. */
  save(name: string, file: Uint8Array, meta: { events: number; pageUrl: string | null }, now: number): Promise<SavedCaptureInfo>;
  /** A saved capture's trace file, or null when it is gone. */
  load(id: string): Promise<{ name: string; file: Uint8Array } | null>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Most bytes all saved captures may take together. */
  maxBytes: number;
}

/** The refusal of a save that would pass the cap: what the cap is and what is used (the panel words it). */
export class CapturesFullError extends Error {
  constructor(
    readonly maxBytes: number,
    readonly usedBytes: number,
  ) {
    super(`Saved captures may take ${maxBytes / 1024 / 1024} MB; ${(usedBytes / 1024 / 1024).toFixed(1)} MB are used. Delete some first.`);
    this.name = 'CapturesFullError';
  }
}
