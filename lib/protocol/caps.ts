/** Size caps that every context enforces on what crosses a boundary. */

/** Longest event data the tap forwards; longer data is cut and marked `truncated`. Defaults to 256 KiB of UTF-16 units. */
export const MAX_DATA_CHARS = 256 * 1024;
/** Longest fetch chunk text in one record; the tap splits longer reads. Defaults to 64 KiB. */
export const MAX_CHUNK_CHARS = 64 * 1024;
/** Longest URL kept for a stream. */
export const MAX_URL_CHARS = 2048;
/** Longest event type, id, stream id or error message kept. */
export const MAX_FIELD_CHARS = 1024;
/** Most records in one tap or bridge batch. */
export const MAX_RECORDS_PER_BATCH = 5000;
/**
 * Most text (data, chunks) in one batch; a tap flushes early before passing it.
 * Bigger batches are rejected whole by the bridge. Defaults to 8 MiB of UTF-16 units.
 */
export const MAX_BATCH_CHARS = 8 * 1024 * 1024;
/** Longest event the hub's fetch-stream parser will assemble before cutting it. Defaults to 1 MiB. */
export const MAX_PARSED_EVENT_CHARS = 1024 * 1024;
/** Longest serialised tap batch the bridge accepts: the text cap plus room for JSON and fields. */
export const MAX_WIRE_CHARS = MAX_BATCH_CHARS + 2 * 1024 * 1024;
/** Most text of one fetch or XHR stream the relay keeps for the raw view (the latest; what is cut is counted). Defaults to 512 KiB of UTF-16 units. */
export const MAX_RAW_CHARS = 512 * 1024;
/** Most wire lint findings kept per stream (all are counted). */
export const MAX_RAW_FINDINGS = 500;
/** Most raw text the relay keeps for all of a tab's streams together; the oldest streams' text goes first. Defaults to 8 MiB of UTF-16 units. */
export const MAX_TAB_RAW_CHARS = 8 * 1024 * 1024;
/** Longest request body the tap reports for a stream. Defaults to 8 KiB. */
export const MAX_REQUEST_BODY_CHARS = 8 * 1024;
/** Longest header block (request or response) the tap reports for a stream. Defaults to 16 KiB. */
export const MAX_HEADER_CHARS = 16 * 1024;
