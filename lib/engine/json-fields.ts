/**
 * Reads a few fields (by path) from JSON object text without building the object: the
 * hub needs only `eventType`, `eventData.cardId` and `userId` of each event, and a full
 * `JSON.parse` was half the engine's time. Strings are skipped with native `indexOf`;
 * only the few characters between strings are looked at one by one.
 *
 * Exactly `JSON.parse`'s answer for valid JSON, wanted values of any type: primitives are
 * read here; an escaped string, an object or an array as a wanted value, or anything the
 * scan does not expect, falls back to `JSON.parse` of the whole text. Text that is not
 * valid JSON may give values where `JSON.parse` would give none (the scan does not
 * validate what it skips).
 */

/** A compiled set of paths, e.g. `[['eventType'], ['eventData', 'cardId'], ['userId']]`. */
export interface FieldReader {
  /**
   * The values at the paths (undefined where absent), or null when the text is not a
   * JSON object. Values are as `JSON.parse` would give them.
   */
  read(text: string): unknown[] | null;
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;

/** Thrown inside the scan when it meets something it leaves to `JSON.parse`. */
const FALLBACK = Symbol('fallback');

/** Compiles `paths` into a reader. */
export function createFieldReader(paths: readonly (readonly string[])[]): FieldReader {
  const maxDepth = Math.max(1, ...paths.map((p) => p.length));
  if (maxDepth > 31) throw new RangeError('Paths deeper than 31 keys are not supported');
  return {
    read(text) {
      if (text.charCodeAt(0) !== OPEN_BRACE) return null;
      // Escapes (rare in event JSON) are JSON.parse's job; without any, every string ends
      // at the next quote and every key is its raw text.
      if (text.indexOf('\\') >= 0) return viaParse(text, paths);
      try {
        return scan(text, paths, maxDepth);
      } catch (error) {
        if (error !== FALLBACK) throw error;
        return viaParse(text, paths);
      }
    },
  };
}

function viaParse(text: string, paths: readonly (readonly string[])[]): unknown[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return paths.map((path) => {
    let at: unknown = value;
    for (const part of path) {
      if (typeof at !== 'object' || at === null) return undefined;
      at = (at as Record<string, unknown>)[part];
    }
    return at;
  });
}

/** End index (of the closing quote) of the string opening at `start` (the text has no escapes). */
function stringEnd(text: string, start: number): number {
  const end = text.indexOf('"', start + 1);
  if (end < 0) throw FALLBACK;
  return end;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function scan(text: string, paths: readonly (readonly string[])[], maxDepth: number): unknown[] {
  const values: unknown[] = new Array(paths.length);
  // matched[p]: how many leading keys of path p the currently open containers match.
  const matched = new Int32Array(paths.length);
  let depth = 0;
  // Whether the innermost open container is an object (holds keys); depth ≤ 31 tracked as bits.
  let objectBits = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      let j = end + 1;
      let d = text.charCodeAt(j);
      if (d !== COLON && isSpace(d)) {
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        d = text.charCodeAt(j);
      }
      if (d === COLON && depth <= maxDepth && (objectBits & (1 << (depth - 1))) !== 0) {
        // An object key at `depth`: compare it in place with each path's key at that depth.
        j++;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        const length = end - i - 1;
        for (let p = 0; p < paths.length; p++) {
          const path = paths[p]!;
          if (path.length < depth || matched[p]! < depth - 1) continue;
          const want = path[depth - 1]!;
          if (want.length !== length || !text.startsWith(want, i + 1)) {
            if (matched[p] === depth) matched[p] = depth - 1;
            continue;
          }
          // A repeated key replaces the earlier value (JSON.parse keeps the last), and with
          // it whatever was read below the earlier one.
          matched[p] = depth;
          values[p] = path.length === depth ? readValue(text, j) : undefined;
        }
        i = j;
        continue;
      }
      i = end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      // A container deeper than any path can hold nothing wanted: skip it whole.
      if (depth > maxDepth) {
        i = skipContainer(text, i);
        depth--;
        continue;
      }
      if (c === OPEN_BRACE) objectBits |= 1 << (depth - 1);
      else objectBits &= ~(1 << (depth - 1));
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      // Leaving a container: no path stays matched below its parent's key.
      for (let p = 0; p < paths.length; p++) if (matched[p]! >= depth) matched[p] = depth - 1;
      depth--;
      i++;
      if (depth === 0) break;
    } else i++;
  }
  if (depth !== 0) throw FALLBACK;
  for (let k = i; k < n; k++) if (!isSpace(text.charCodeAt(k))) throw FALLBACK;
  return values;
}

/** Index just past the container opening at `start`. */
function skipContainer(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw FALLBACK;
}

/** A primitive value starting at `at`; objects, arrays and escaped strings fall back. */
function readValue(text: string, at: number): unknown {
  const c = text.charCodeAt(at);
  if (c === QUOTE) {
    const end = stringEnd(text, at);
    return text.slice(at + 1, end);
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) throw FALLBACK;
  let end = at;
  while (end < text.length) {
    const d = text.charCodeAt(end);
    if (d === 44 /* , */ || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    end++;
  }
  const literal = text.slice(at, end);
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null') return null;
  const number = Number(literal);
  if (literal === '' || Number.isNaN(number) || !/^-?\d/.test(literal)) throw FALLBACK;
  return number;
}
