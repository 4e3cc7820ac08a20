/**
 * Trace bytes: gzip-compressed JSON through the platform's `CompressionStream` (browsers
 * and Node alike), and the share string (one URL-safe lz-string string) for small
 * traces. Reading takes our trace files, plain or gzipped, and HAR files; every failure
 * is one message that names what is wrong.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { checkTrace, type TraceFile } from './format';
import { harToTrace, isHar } from './har';
import { english, type Translate } from '../i18n';

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
export async function readTraceBytes(bytes: Uint8Array, fileName?: string, t: Translate = english): Promise<TraceReadResult> {
  const name = fileName ?? t('read.theFile');
  const max = MAX_TRACE_FILE_BYTES / 1024 / 1024;
  if (bytes.length === 0) return { error: t('read.empty', { name }) };
  if (bytes.length > MAX_TRACE_FILE_BYTES) return { error: t('read.tooBig', { name, size: (bytes.length / 1024 / 1024).toFixed(0), max }) };
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = await pipe(bytes, new DecompressionStream('gzip'), MAX_TRACE_FILE_BYTES);
    } catch (error) {
      return error instanceof RangeError
        ? { error: t('read.unpacksTooBig', { name, max }) }
        : { error: t('read.badGzip', { name }) };
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { error: t('read.notText', { name }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trimStart();
    return trimmed.startsWith('{') || trimmed.startsWith('[')
      ? { error: t('read.cutShort', { name }) }
      : { error: t('read.notJson', { name }) };
  }
  if (isHar(value)) {
    const har = harToTrace(value, Date.now(), t);
    return 'error' in har ? { error: t('read.har', { name, error: har.error }) } : { trace: har.trace, kind: 'har' };
  }
  const checked = checkTrace(value, t);
  return 'error' in checked ? { error: checked.error } : { trace: checked.trace, kind: 'trace' };
}

/** The trace as one URL-safe string, or null when it would exceed `MAX_SHARE_CHARS`. */
export function encodeShareString(trace: TraceFile): string | null {
  const text = compressToEncodedURIComponent(JSON.stringify(trace));
  return text.length > MAX_SHARE_CHARS ? null : text;
}

/** Reads a share string (or a link that carries one after `#lz=`). */
export function readShareString(input: string, t: Translate = english): TraceReadResult {
  const at = input.indexOf('#lz=');
  const text = (at >= 0 ? input.slice(at + 4) : input).trim();
  if (text === '') return { error: t('read.share.empty') };
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(text);
  } catch {
    json = null;
  }
  if (!json) return { error: t('read.share.notShare') };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: t('read.share.cutShort') };
  }
  const checked = checkTrace(value, t);
  return 'error' in checked ? checked : { trace: checked.trace, kind: 'share' };
}
