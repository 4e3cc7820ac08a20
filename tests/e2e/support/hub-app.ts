/** URLs of the bundled hub app and the events it will send, for expectations. */
import { inject } from 'vitest';
// @ts-expect-error plain-JS fixture without type declarations
import { eventAt as eventAtUntyped } from '../../fixtures/hub-app/events.mjs';

/** Base URL of the hub app started by the global setup. */
export function hubUrl(path = '/'): string {
  return new URL(path, inject('hubUrl')).href;
}

/** The event the hub app sends with id `n` (see events.mjs). */
export const eventAt = eventAtUntyped as (
  n: number,
  options?: { stable?: boolean; unnamedEvery?: number },
) => { id: string; name: string | null; data: string };

/** Builds `/transparency.html` for an EventSource stream and/or a fetch stream. */
export function probeUrl(options: { es?: string; types?: string[]; fetch?: string; legacy?: boolean }): string {
  const q = new URLSearchParams();
  if (options.legacy) q.set('legacy', '1');
  if (options.es) q.set('es', options.es);
  if (options.types) q.set('types', options.types.join(','));
  if (options.fetch) q.set('fetch', options.fetch);
  return hubUrl(`/transparency.html?${q}`);
}

/** Every named type the hub app sends. */
export const ALL_TYPES = [
  'session.started', 'session.ended', 'session.activity', 'preference.changed',
  'card.created', 'card.updated', 'card.deleted', 'ui.buttonClick', 'ui.themeChanged',
];
