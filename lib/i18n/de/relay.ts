/** Deutsch: die Probleme, die das Relay festhält (die letzte Zeile der Fehlerleiste, die Fehler eines Traces). */
import type { Translation } from '../message';
import type { relay as en } from '../en/relay';

export const relay: Translation<typeof en> = {
  'relayError.bridgeOverflow': { one: '{count} Eintrag verworfen, bevor er den Hub erreichte (Puffer voll).', other: '{count} Einträge verworfen, bevor sie den Hub erreichten (Puffer voll).' },
  'relayError.rejected': { one: '{count} fehlerhafte oder übergroße Nachricht der Seite wurde abgewiesen.', other: '{count} fehlerhafte oder übergroße Nachrichten der Seite wurden abgewiesen.' },
  'relayError.gap': { one: '{count} Eintrag fehlt vor #{seq}.', other: '{count} Einträge fehlen vor #{seq}.' },
  'relayError.oversize': 'Ereignis #{seq} ({type}) ist {size} Zeichen lang; die ersten {kept} wurden behalten.',
  'relayError.binary': 'Der Body ist kein UTF-8-Text; das Lesen dieses Streams wurde beendet.',
  'relayError.legacyWhileDisabled': '{sid} hat {type} gesendet, obwohl LEGACY_EVENTS_DISABLED an ist.',
  'relayError.pollingWhileDisabled': '{key} wird weiter gepollt (alle {period} ms, {count} Anfragen), obwohl POLLING_DISABLED an ist.',
  'relayError.injectLost': { one: '{count} Ereignis konnte nicht eingespeist werden: Seine Seite ist nicht mehr da ({ids}).', other: '{count} Ereignisse konnten nicht eingespeist werden: Ihre Seite ist nicht mehr da ({ids}).' },
  'relayError.inject.closed': '{type} konnte nicht in {sid} eingespeist werden: Die EventSource ist geschlossen.',
  'relayError.inject.gone': '{type} konnte nicht in {sid} eingespeist werden: Der Stream ist nicht mehr da (geschlossen, oder seine Seite hat navigiert).',
  'relayError.inject.bytes': '{type} konnte nicht in {sid} eingespeist werden: Fetch- und XHR-Streams lassen sich nicht ansteuern, die Seite liest ihre Bytes selbst.',
  'relayError.inject.untapped': '{type} konnte nicht in {sid} eingespeist werden: Dieses Legacy-System ist kein erfasster Emitter (es meldet über emit(), ein Beacon oder einen BroadcastChannel); erfassen Sie seinen Emitter mit tapEmitter(), um einzuspeisen.',
  'relayError.inject.threw': '{type} konnte nicht in {sid} eingespeist werden: Die Seite hat bei der Verarbeitung eine Ausnahme geworfen.',
  'relayError.parser.oversize': 'Ein Ereignis überschritt die Grenze des Parsers; es wurde verworfen und beim nächsten Ereignis weitergelesen.',
  'relayError.ndjson.oversize': 'Eine NDJSON-Zeile überschritt die Grenze des Parsers; sie wurde verworfen und bei der nächsten Zeile weitergelesen.',
  'relayError.ndjson.oversizeLast': 'Eine NDJSON-Zeile überschritt die Grenze des Parsers; sie wurde verworfen.',
  'relayError.connect.unrecorded': 'Text des Connect-Streams wurde nicht aufgezeichnet (kein Panel war offen): Die Umschlag-Rahmung ist verloren, der Rest des Streams wird nicht geparst.',
  'relayError.connect.oversize': 'Ein Connect-Umschlag gibt {bytes} Bytes an, mehr als die Grenze des Parsers: Der Rest des Streams wird nicht geparst.',
  'relayError.connect.compressed': 'Ein komprimierter Connect-Umschlag ({bytes} Bytes) wurde nicht dekodiert.',
};
