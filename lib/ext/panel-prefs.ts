/** The panel's remembered preferences, in the extension origin's localStorage. */
import { isLanguage, type LanguageChoice } from '../i18n/languages';
import type { FilterSpec } from '../panel-store/filter';

const FILTER_KEY = 'sse-hub:filter';
const COLUMNS_KEY = 'sse-hub:hidden-columns';
/** The `localStorage` key of the panel's language choice (absent: follow the browser). */
export const LANGUAGE_KEY = 'sse-hub:language';

/** Columns hidden until the user chooses otherwise (the phase is also in the detail pane). */
const DEFAULT_HIDDEN_COLUMNS = ['phase'];

/** Hidden event-table columns from last time. */
export function loadHiddenColumns(): string[] {
  try {
    const stored = localStorage.getItem(COLUMNS_KEY);
    if (stored === null) return [...DEFAULT_HIDDEN_COLUMNS];
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [...DEFAULT_HIDDEN_COLUMNS];
  } catch {
    return [...DEFAULT_HIDDEN_COLUMNS];
  }
}

/** Remembers which columns are hidden. */
export function saveHiddenColumns(columns: string[]): void {
  try {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    // Storage full or disabled: the choice simply is not remembered.
  }
}

/** The last filter the user set, or none. */
export function loadFilter(): FilterSpec {
  try {
    const value = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as Partial<FilterSpec> | null;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return {
      text: typeof value?.text === 'string' ? value.text : '',
      hideDuplicates: value?.hideDuplicates === true,
      types: list(value?.types),
      sources: list(value?.sources),
      priorities: list(value?.priorities),
      // Stream ids do not outlive their document: not restored.
      streams: [],
    };
  } catch {
    return { text: '', hideDuplicates: false, types: [], sources: [], priorities: [], streams: [] };
  }
}

/** Remembers the filter for the next time a panel opens. */
export function saveFilter(filter: FilterSpec): void {
  try {
    localStorage.setItem(FILTER_KEY, JSON.stringify(filter));
  } catch {
    // Storage full or disabled: the filter simply is not remembered.
  }
}

/** The language the user picked in the panel (`auto`: the browser's); kept for every panel and the popup. */
export function loadLanguageChoice(): LanguageChoice {
  try {
    const value = localStorage.getItem(LANGUAGE_KEY);
    return value !== null && isLanguage(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

/** Remembers the language choice. */
export function saveLanguageChoice(choice: LanguageChoice): void {
  try {
    if (choice === 'auto') localStorage.removeItem(LANGUAGE_KEY);
    else localStorage.setItem(LANGUAGE_KEY, choice);
  } catch {
    // Storage full or disabled: the choice lasts while the panel is open.
  }
}
