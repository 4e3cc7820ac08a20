/** English: the panel's frame, the popup and the extension's own name and description. */
export const shell = {
  'app.streams': 'Streams',
  'app.noTab': 'Open this panel from DevTools, or as {url}.',
  'popup.noTab': 'No tab to control.',
  'popup.more': 'Phase health, polling and flag history: DevTools → SSE Hub → Migration.',
  'popup.openTrace': 'Open trace…',
} as const;
