/** Deutsch: der Rahmen des Panels, das Popup und Name und Beschreibung der Erweiterung. */
import type { Translation } from '../message';
import type { shell as en } from '../en/shell';

export const shell: Translation<typeof en> = {
  'app.streams': 'Streams',
  'app.noTab': 'Öffnen Sie dieses Panel aus den DevTools oder als {url}.',
  'popup.noTab': 'Kein Tab zum Steuern.',
  'popup.more': 'Zustand der Phase, Polling und Flag-Verlauf: DevTools → SSE Hub → Migration.',
  'popup.openTrace': 'Trace öffnen…',
};
