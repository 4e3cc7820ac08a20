/**
 * English: the problems the relay records (the error banner's latest line, a trace's
 * errors). The relay keeps each as a key and its arguments, and this English wording for
 * traces and logs; the panel words it in its own language.
 */
export const relay = {
  'relayError.bridgeOverflow': { one: '{count} record dropped before reaching the hub (buffers full).', other: '{count} records dropped before reaching the hub (buffers full).' },
  'relayError.rejected': { one: '{count} malformed or oversize message from the page was rejected.', other: '{count} malformed or oversize messages from the page were rejected.' },
  'relayError.gap': { one: '{count} record missing before #{seq}.', other: '{count} records missing before #{seq}.' },
  'relayError.oversize': 'Event #{seq} ({type}) is {size} characters; kept the first {kept}.',
  'relayError.binary': 'Body is not UTF-8 text; stopped reading this stream.',
  'relayError.legacyWhileDisabled': '{sid} sent {type} while LEGACY_EVENTS_DISABLED is on.',
  'relayError.pollingWhileDisabled': '{key} is still polled (every {period} ms, {count} requests) while POLLING_DISABLED is on.',
  'relayError.injectLost': { one: 'Could not inject {count} event: its page is gone ({ids}).', other: 'Could not inject {count} events: their page is gone ({ids}).' },
  'relayError.inject.closed': 'Could not inject {type} into {sid}: the EventSource is closed.',
  'relayError.inject.gone': 'Could not inject {type} into {sid}: the stream is gone (closed, or its page navigated).',
  'relayError.inject.bytes': 'Could not inject {type} into {sid}: fetch and XHR streams cannot be driven: the page reads their bytes itself.',
  'relayError.inject.untapped': 'Could not inject {type} into {sid}: this legacy system is not a tapped emitter (it reports through emit(), a beacon or a BroadcastChannel); tap its emitter with tapEmitter() to inject.',
  'relayError.inject.threw': 'Could not inject {type} into {sid}: the page threw an exception while handling it.',
  'relayError.parser.oversize': 'An event exceeded the parser cap; it was dropped and parsing resumed at the next event.',
  'relayError.ndjson.oversize': 'An NDJSON line exceeded the parser cap; it was dropped and parsing resumed at the next line.',
  'relayError.ndjson.oversizeLast': 'An NDJSON line exceeded the parser cap; it was dropped.',
  'relayError.connect.unrecorded': 'Connect stream text went unrecorded (no panel was open): its envelope framing is lost, so the rest of the stream is not parsed.',
  'relayError.connect.oversize': 'A Connect envelope says it holds {bytes} bytes, over the parser cap: the rest of the stream is not parsed.',
  'relayError.connect.compressed': 'A compressed Connect envelope ({bytes} bytes) was not decoded.',
} as const;
