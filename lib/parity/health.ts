/**
 * Parity in phase health: while legacy and SSE run side by side (an SSE flag on,
 * LEGACY_EVENTS_DISABLED off), each enabled category's legacy events must find their SSE
 * twins — *parity ≥ 99 % matched* (warn below, fail under 95 %; both settings), with the
 * worst type named. Only legacy events older than the pairing window are judged (a twin
 * may still be on its way), and SSE events without a legacy twin ("extra over SSE") are
 * reported but do not lower the rate: the hub may carry events no legacy system had.
 */
import { FLAG_SETTLE_MS, type CapturedEvent, type TabFlagState } from '../protocol';
import { domainType, SSE_CATEGORIES, type HealthCheck } from '../flags/health';
import { flagOnSince } from '../flags/tab-flags';
import { computeParity, type ParitySettings } from './pairing';

const pct = (rate: number) => `${(Math.floor(rate * 1000) / 10).toFixed(1)} %`;

/** One check per SSE category in dual run, over `events` (any order), at page time `now`. */
export function parityChecks(state: TabFlagState, events: readonly CapturedEvent[], settings: ParitySettings, now: number): HealthCheck[] {
  if (flagOnSince(state, 'LEGACY_EVENTS_DISABLED') !== null) return [];
  const checks: HealthCheck[] = [];
  for (const category of SSE_CATEGORIES) {
    const from = flagOnSince(state, category.flag);
    if (from === null) continue;
    const relevant = events.filter((e) => e.pageTime >= from + FLAG_SETTLE_MS && category.matches(domainType(e)));
    const report = computeParity(relevant, settings);
    const judged = report.entries.filter((e) => e.legacy !== null && e.legacy.pageTime <= now - settings.windowMs);
    const extra = report.entries.filter((e) => e.class === 'extra').length;
    const good = (cls: string) => cls === 'matched' || cls === 'late';
    const ok = judged.filter((e) => good(e.class)).length;
    const title = `Legacy ${category.label} events matched over SSE (≥ ${pct(settings.healthWarn)})`;
    if (judged.length === 0) {
      checks.push({ id: `parity-${category.id}`, title, status: 'idle', detail: `No legacy ${category.label} events to pair yet since ${category.flag} came on.` });
      continue;
    }
    const rate = ok / judged.length;
    // The worst type: the lowest share matched among types with a problem, then the most problems.
    const byType = new Map<string, { ok: number; all: number; classes: Map<string, number> }>();
    for (const entry of judged) {
      const t = byType.get(entry.type) ?? { ok: 0, all: 0, classes: new Map<string, number>() };
      t.all += 1;
      if (good(entry.class)) t.ok += 1;
      else t.classes.set(entry.class, (t.classes.get(entry.class) ?? 0) + 1);
      byType.set(entry.type, t);
    }
    const worst = [...byType].filter(([, t]) => t.ok < t.all).sort((a, b) => a[1].ok / a[1].all - b[1].ok / b[1].all || b[1].all - b[1].ok - (a[1].all - a[1].ok))[0];
    const worstText = worst
      ? `; worst: ${worst[0]} ${pct(worst[1].ok / worst[1].all)} (${[...worst[1].classes].map(([cls, n]) => `${n} ${cls === 'missing' ? 'missing over SSE' : cls}`).join(', ')})`
      : '';
    checks.push({
      id: `parity-${category.id}`,
      title,
      status: rate < settings.healthFail ? 'fail' : rate < settings.healthWarn ? 'warn' : 'pass',
      detail: `${pct(rate)} matched (${ok} of ${judged.length} legacy events)${worstText}${extra ? `; ${extra} SSE events without a legacy twin (not counted)` : ''}.`,
    });
  }
  return checks;
}
