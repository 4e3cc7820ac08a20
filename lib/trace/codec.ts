/**
 * Trace bytes: gzip-compressed JSON through the platform's `CompressionStream` (browsers
 * and Node alike), and the share string (one URL-safe lz-string string) for small
 * traces. Reading takes our trace files, plain or gzipped, and HAR files; every failure
 * is one message that names what is wrong.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { checkTrace, type TraceFile } from './format';
import { harToTrace, isHar } from './har';

/** Largest file the viewer opens, compressed or not (bytes). */
export const MAX_TRACE_FILE_BYTES = 512 * 1024 * 1024;
/** Largest share string (characters); bigger traces go as files. */
export const MAX_SHARE_CHARS = 64 * 1024;

/** What reading a trace gives: the trace and what kind of file it was, or one message. */
export type TraceReadResult = { trace: TraceFile; kind: 'trace' | 'har' | 'share' } | { error: string };

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The trace as gzip-compressed UTF-8 JSON (`.ssetrace.json.gz`). */
export async function encodeTraceFile(trace: TraceFile): Promise<Uint8Array> {
  return pipe(new TextEncoder().encode(JSON.stringify(trace)), new CompressionStream('gzip'));
}

/** Gzip-compresses text (a HAR file, for instance). */
export async function gzipText(text: string): Promise<Uint8Array> {
  return pipe(new TextEncoder().encode(text), new CompressionStream('gzip'));
}

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Reads a file's bytes: our trace (gzipped or plain JSON) or a HAR file (gzipped or not). */
export async function readTraceBytes(bytes: Uint8Array, name = 'the file'): Promise<TraceReadResult> {
  if (bytes.length === 0) return { error: `${name} is empty.` };
  if (bytes.length > MAX_TRACE_FILE_BYTES) return { error: `${name} is ${(bytes.length / 1024 / 1024).toFixed(0)} MB; at most ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MB can be opened.` };
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = await pipe(bytes, new DecompressionStream('gzip'), MAX_TRACE_FILE_BYTES);
    } catch (error) {
      return error instanceof RangeError
        ? { error: `${name} unpacks to more than ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MB; it cannot be opened.` }
        : { error: `${name} is a damaged or truncated gzip file.` };
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { error: `${name} is neither an SSE Hub trace nor a HAR file (it is not text).` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trimStart();
    return trimmed.startsWith('{') || trimmed.startsWith('[')
      ? { error: `${name} is cut short or damaged: its JSON does not parse.` }
      : { error: `${name} is neither an SSE Hub trace nor a HAR file (it is not JSON).` };
  }
  if (isHar(value)) {
    const har = harToTrace(value, Date.now());
    return 'error' in har ? { error: `${name}: ${har.error}` } : { trace: har.trace, kind: 'har' };
  }
  const checked = checkTrace(value);
  return 'error' in checked ? { error: checked.error } : { trace: checked.trace, kind: 'trace' };
}

/** The trace as one URL-safe string, or null when it would exceed `MAX_SHARE_CHARS`. */
export function encodeShareString(trace: TraceFile): string | null {
  const text = compressToEncodedURIComponent(JSON.stringify(trace));
  return text.length > MAX_SHARE_CHARS ? null : text;
}

/** Reads a share string (or a link that carries one after `#lz=`). */
export function readShareString(input: string): TraceReadResult {
  const at = input.indexOf('#lz=');
  const text = (at >= 0 ? input.slice(at + 4) : input).trim();
  if (text === '') return { error: 'The share string is empty.' };
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(text);
  } catch {
    json = null;
  }
  if (!json) return { error: 'This is not an SSE Hub share string (it does not unpack).' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: 'The share string is cut short: what it unpacks to is not complete.' };
  }
  const checked = checkTrace(value);
  return 'error' in checked ? checked : { trace: checked.trace, kind: 'share' };
}
