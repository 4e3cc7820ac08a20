/**
 * The built-ins the tap calls once the page's scripts run, captured when the tap's
 * bundle is evaluated: in the page's MAIN world at `document_start`, before any page
 * script. A page that later replaces `Array.prototype.push`, `Function.prototype.call`,
 * `WeakMap.prototype.get`, `String.prototype.slice`, `Reflect.apply` or the like sees no
 * call from us to its replacement, and cannot make the tap throw into its event loop.
 *
 * Methods are "uncurried" (`weakMapGet(map, key)` for `map.get(key)`) by binding the
 * original `Function.prototype.call` to them: the bound function calls the original
 * `call` directly, never through a property lookup the page could redirect.
 */

const nativeApply = Reflect.apply;
const nativeBind = Function.prototype.bind;
const nativeCall = Function.prototype.call;

/** `fn` as a function of `(receiver, ...args)` that no later change to a prototype reaches. */
export function uncurry<F extends (...args: never[]) => unknown>(fn: F): (self: unknown, ...args: Parameters<F>) => ReturnType<F> {
  return nativeApply(nativeBind, nativeCall, [fn]) as (self: unknown, ...args: Parameters<F>) => ReturnType<F>;
}

/** `Reflect.apply`. */
export const apply = nativeApply;
/** `Reflect.construct`. */
export const construct = Reflect.construct;
/** `Object.defineProperty`. */
export const defineProperty = Object.defineProperty;
/** `Object.getOwnPropertyDescriptor`. */
export const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
/** `Object.keys`, taken before any page script runs. */
export const objectKeys = Object.keys;
/** `Object.getPrototypeOf`. */
export const getPrototypeOf = Object.getPrototypeOf;
/** `Object.setPrototypeOf`. */
export const setPrototypeOf = Object.setPrototypeOf;
/** `Object.freeze`. */
export const freeze = Object.freeze;
/** `Object.create`. */
export const create = Object.create;

/** `map.get(key)` for a `WeakMap`. */
export const weakMapGet = uncurry(WeakMap.prototype.get) as <K extends object, V>(map: WeakMap<K, V>, key: unknown) => V | undefined;
/** `map.set(key, value)` for a `WeakMap`. */
export const weakMapSet = uncurry(WeakMap.prototype.set) as <K extends object, V>(map: WeakMap<K, V>, key: K, value: V) => WeakMap<K, V>;
/** `map.get(key)` for a `Map`. */
export const mapGet = uncurry(Map.prototype.get) as <K, V>(map: Map<K, V>, key: K) => V | undefined;
/** `map.set(key, value)` for a `Map`. */
export const mapSet = uncurry(Map.prototype.set) as <K, V>(map: Map<K, V>, key: K, value: V) => Map<K, V>;
/** `map.has(key)` for a `Map`. */
export const mapHas = uncurry(Map.prototype.has) as <K, V>(map: Map<K, V>, key: K) => boolean;
/** The size of a `Map`, through the native getter. */
export const mapSize = uncurry(getOwnPropertyDescriptor(Map.prototype, 'size')!.get!) as (map: Map<unknown, unknown>) => number;
/** `text.slice(start, end)`. */
export const stringSlice = uncurry(String.prototype.slice) as (text: string, start: number, end?: number) => string;
/** `text.indexOf(search)`. */
export const stringIndexOf = uncurry(String.prototype.indexOf) as (text: string, search: string) => number;
/** `Math.random`. */
export const random = Math.random;
/** `text.toUpperCase()`. */
export const toUpperCase = uncurry(String.prototype.toUpperCase) as (text: string) => string;
/** `pattern.exec(text)`. */
export const regExpExec = uncurry(RegExp.prototype.exec) as (pattern: RegExp, text: string) => RegExpExecArray | null;
/** `Object.prototype.toString.call(value)`. */
export const objectToString = uncurry(Object.prototype.toString) as (value: unknown) => string;
/** `promise.then(onFulfilled, onRejected)`. */
export const promiseThen = uncurry(Promise.prototype.then) as <T>(
  promise: Promise<T>,
  onFulfilled?: (value: T) => unknown,
  onRejected?: (reason: unknown) => unknown,
) => Promise<unknown>;

/**
 * The getter of `key` on `proto` (or the nearest prototype defining it), uncurried:
 * `(self) => value`. Undefined when there is no such getter.
 */
export function uncurryGetter<T = unknown>(proto: object | null | undefined, key: string): ((self: unknown) => T) | undefined {
  for (let p = proto; p; p = getPrototypeOf(p) as object | null) {
    const own = getOwnPropertyDescriptor(p, key);
    if (own) return own.get ? (uncurry(own.get) as (self: unknown) => T) : undefined;
  }
  return undefined;
}
