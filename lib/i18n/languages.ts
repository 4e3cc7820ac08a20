/** The panel's languages and how one is chosen: the user's pick, else the browser's language, else English. */

/** Every language with a complete catalog, named in itself (the switch shows each in its own language). */
export const LANGUAGES = { en: 'English', de: 'Deutsch' } as const;

/** A language with a catalog. */
export type Language = keyof typeof LANGUAGES;

/** What the user picked in the panel: a language, or `auto` (follow the browser). Defaults to `auto`. */
export type LanguageChoice = Language | 'auto';

/** Whether `value` names a language with a catalog. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGES, value);
}

/**
 * The language to show: the user's choice, or with `auto` the first of the browser's
 * preferred languages (`navigator.languages`, e.g. `de-AT`) whose base language has a
 * catalog, else English.
 */
export function resolveLanguage(choice: LanguageChoice, preferred: readonly string[]): Language {
  if (choice !== 'auto') return choice;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
