/**
 * Keyboard control of the event table, DevTools style: j/k or arrows move, Enter opens,
 * Esc closes, / focuses the filter, Space pauses, Ctrl+L clears, ? shows the list.
 * Keys typed into a field go to the field (except Esc, which leaves it).
 */
import { useEffect } from 'react';
import type { CapturedEvent } from '../../lib/protocol';
import type { PlainMessageKey } from '../../lib/i18n';

/** The shortcuts, as the help overlay lists them. */
export const SHORTCUTS: [string, PlainMessageKey][] = [
  ['j / ↓', 'shortcut.next'],
  ['k / ↑', 'shortcut.previous'],
  ['Enter', 'shortcut.open'],
  ['Esc', 'shortcut.close'],
  ['/', 'shortcut.filter'],
  ['Space', 'shortcut.pause'],
  ['Ctrl+L', 'shortcut.clear'],
  ['?', 'shortcut.help'],
];

/** What the keys act on. */
export interface TableKeyTargets {
  rows: readonly CapturedEvent[];
  selectedKey: string | null;
  select: (key: string | null) => void;
  /** Brings row `index` into view. */
  reveal: (index: number) => void;
  focusFilter: () => void;
  togglePause: () => void;
  clear: () => void;
  toggleHelp: () => void;
}

/** Listens to the panel's keyboard while the table is shown. */
export function useTableKeys(targets: TableKeyTargets): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      const t = targets;
      const field = event.target instanceof HTMLElement && event.target.closest('input, textarea, select');
      if (field) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      const move = (delta: number) => {
        if (t.rows.length === 0) return;
        const at = t.selectedKey === null ? -1 : t.rows.findIndex((r) => r.key === t.selectedKey);
        const next = at < 0 ? (delta > 0 ? 0 : t.rows.length - 1) : Math.min(t.rows.length - 1, Math.max(0, at + delta));
        t.select(t.rows[next]!.key);
        t.reveal(next);
      };
      if (event.ctrlKey && event.key.toLowerCase() === 'l') t.clear();
      else if (event.ctrlKey || event.metaKey || event.altKey) return;
      else if (event.key === 'j' || event.key === 'ArrowDown') move(1);
      else if (event.key === 'k' || event.key === 'ArrowUp') move(-1);
      else if (event.key === 'Enter') {
        if (t.selectedKey === null && t.rows.length > 0) {
          t.select(t.rows[t.rows.length - 1]!.key);
          t.reveal(t.rows.length - 1);
        }
      } else if (event.key === 'Escape') t.select(null);
      else if (event.key === '/') t.focusFilter();
      else if (event.key === ' ') t.togglePause();
      else if (event.key === '?') t.toggleHelp();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
