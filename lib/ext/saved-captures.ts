/**
 * Saved captures: trace files kept in the extension's own IndexedDB (the extension
 * origin's, shared by its pages, surviving browser restarts), listed with their size,
 * renamed, deleted, opened. A saved capture is the trace file's bytes, so it exports and
 * opens exactly as a file does. Bounded: at most `MAX_SAVED_BYTES` in all.
 */

import { CapturesFullError, type CapturesApi, type SavedCaptureInfo } from '../trace/saved';

const DB_NAME = 'sse-hub-devtools';
const STORE = 'captures';
/** Most bytes all saved captures may take together. */
export const MAX_SAVED_BYTES = 256 * 1024 * 1024;

interface SavedCapture extends SavedCaptureInfo {
  file: Uint8Array;
}

/**
 * The saved captures in IndexedDB database `dbName` (defaults to the extension's), at most
 * `maxBytes` in all (defaults to `MAX_SAVED_BYTES`).
 */
export function createSavedCaptures(maxBytes = MAX_SAVED_BYTES, dbName = DB_NAME): CapturesApi {
  function open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
    });
  }

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error ?? request.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
    } finally {
      db.close();
    }
  }

  /** Every saved capture, newest first, without its bytes. */
  async function listCaptures(): Promise<SavedCaptureInfo[]> {
    const all = await run<SavedCapture[]>('readonly', (store) => store.getAll() as IDBRequest<SavedCapture[]>);
    return all.map(({ file: _file, ...info }) => info).sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Saves a trace file under `name`; refuses (with the reason) when it would pass the cap. */
  async function saveCapture(name: string, file: Uint8Array, meta: { events: number; pageUrl: string | null }, now: number): Promise<SavedCaptureInfo> {
    const used = (await listCaptures()).reduce((sum, c) => sum + c.bytes, 0);
    if (used + file.length > maxBytes) {
      throw new CapturesFullError(maxBytes, used);
    }
    const capture: SavedCapture = { id: `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name: name.trim() || 'Capture', savedAt: now, bytes: file.length, events: meta.events, pageUrl: meta.pageUrl, file };
    await run('readwrite', (store) => store.put(capture));
    const { file: _file, ...info } = capture;
    return info;
  }

  /** A saved capture's trace file bytes, or null when it is gone. */
  async function loadCapture(id: string): Promise<{ name: string; file: Uint8Array } | null> {
    const found = await run<SavedCapture | undefined>('readonly', (store) => store.get(id) as IDBRequest<SavedCapture | undefined>);
    return found ? { name: found.name, file: found.file } : null;
  }

  /** Renames a saved capture. */
  async function renameCapture(id: string, name: string): Promise<void> {
    const found = await run<SavedCapture | undefined>('readonly', (store) => store.get(id) as IDBRequest<SavedCapture | undefined>);
    if (!found) return;
    await run('readwrite', (store) => store.put({ ...found, name: name.trim() || found.name }));
  }

  /** Deletes a saved capture. */
  async function deleteCapture(id: string): Promise<void> {
    await run('readwrite', (store) => store.delete(id));
  }

  return {
    list: listCaptures,
    save: saveCapture,
    load: loadCapture,
    rename: renameCapture,
    remove: deleteCapture,
    maxBytes,
  };
}

/** The saved captures as the panel reaches them. */
export const savedCaptures: CapturesApi = createSavedCaptures();
