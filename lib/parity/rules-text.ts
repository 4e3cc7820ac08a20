/**
 * Parity rules as the user edits them, one per line:
 *
 *   <legacy system> <legacy type> -> <SSE type> [keys=<field>,<field>]
 *
 * `*` matches any system or type (a trailing `*` any suffix: `card.*`), and `=` as the
 * SSE type means "the same type". Lines starting with `#` are comments. Rules are tried
 * in order; the first that matches a legacy event decides its twin.
 */
import type { ParityRule } from './pairing';
import { english, type Translate } from '../i18n';

/** The rules as text, one line each. */
export function formatRules(rules: readonly ParityRule[]): string {
  return rules.map((r) => `${r.system} ${r.legacyType} -> ${r.sseType}${r.keys.length ? ` keys=${r.keys.join(',')}` : ''}`).join('\n');
}

/** Parses rule lines; returns the rules, or the problems (each naming its line). */
export function parseRules(text: string, t: Translate = english): { rules: ParityRule[]; problems: string[] } {
  const rules: ParityRule[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\S+)\s*->\s*(\S+)(?:\s+keys=(\S*))?$/.exec(line);
    if (!m) {
      problems.push(t('rules.badLine', { n: i + 1, line }));
      return;
    }
    rules.push({ system: m[1]!, legacyType: m[2]!, sseType: m[3]!, keys: (m[4] ?? '').split(',').filter(Boolean) });
  });
  return { rules, problems };
}
