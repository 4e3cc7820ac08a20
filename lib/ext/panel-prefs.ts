/** The panel's remembered preferences, in the extension origin's localStorage. */
import type { FilterSpec } from '../panel-store/filter';

const FILTER_KEY = 'sse-hub:filter';

/** The last filter the user set, or none. */
export function loadFilter(): FilterSpec {
  try {
    const value = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as Partial<FilterSpec> | null;
    return { text: typeof value?.text === 'string' ? value.text : '', hideDuplicates: value?.hideDuplicates === true };
  } catch {
    return { text: '', hideDuplicates: false };
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
