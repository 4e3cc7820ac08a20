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
import { computeParity, type ParityClass, type ParitySettings } from './pairing';
import { english, type Translate } from '../i18n';

const pct = (rate: number) => `${(Math.floor(rate * 1000) / 10).toFixed(1)} %`;

/** One check per SSE category in dual run, over `events` (any order), at page time `now`. */
export function parityChecks(state: TabFlagState, events: readonly CapturedEvent[], settings: ParitySettings, now: number, t: Translate = english): HealthCheck[] {
  if (flagOnSince(state, 'LEGACY_EVENTS_DISABLED') !== null) return [];
  const checks: HealthCheck[] = [];
  for (const category of SSE_CATEGORIES) {
    const from = flagOnSince(state, category.flag);
    if (from === null) continue;
    // From one window before the dual run (see `computeParity`'s `since`).
    const since = from + FLAG_SETTLE_MS;
    const relevant = events.filter((e) => e.pageTime >= since - settings.windowMs && category.matches(domainType(e)));
    const report = computeParity(relevant, settings, undefined, since);
    const judged = report.entries.filter((e) => e.legacy !== null && e.legacy.pageTime <= now - settings.windowMs);
    const extra = report.entries.filter((e) => e.class === 'extra').length;
    const good = (cls: string) => cls === 'matched' || cls === 'late';
    const ok = judged.filter((e) => good(e.class)).length;
    const label = t(`category.${category.id}`);
    const title = t('check.parity.title', { category: label, pct: pct(settings.healthWarn) });
    if (judged.length === 0) {
      checks.push({ id: `parity-${category.id}`, title, status: 'idle', detail: t('check.parity.idle', { category: label, flag: category.flag }) });
      continue;
    }
    const rate = ok / judged.length;
    // The worst type: the lowest share matched among types with a problem, then the most problems.
    const byType = new Map<string, { ok: number; all: number; classes: Map<ParityClass, number> }>();
    for (const entry of judged) {
      const counts = byType.get(entry.type) ?? { ok: 0, all: 0, classes: new Map<ParityClass, number>() };
      counts.all += 1;
      if (good(entry.class)) counts.ok += 1;
      else counts.classes.set(entry.class, (counts.classes.get(entry.class) ?? 0) + 1);
      byType.set(entry.type, counts);
    }
    const worst = [...byType].filter(([, t]) => t.ok < t.all).sort((a, b) => a[1].ok / a[1].all - b[1].ok / b[1].all || b[1].all - b[1].ok - (a[1].all - a[1].ok))[0];
    const worstText = worst
      ? t('check.parity.worst', {
          type: worst[0],
          pct: pct(worst[1].ok / worst[1].all),
          classes: [...worst[1].classes].map(([cls, n]) => (cls === 'missing' ? t('check.parity.missing', { count: n }) : t('check.parity.class', { count: n, class: t(`parity.class.${cls}`) }))).join(', '),
        })
      : '';
    checks.push({
      id: `parity-${category.id}`,
      title,
      status: rate < settings.healthFail ? 'fail' : rate < settings.healthWarn ? 'warn' : 'pass',
      detail: `${t('check.parity.rate', { pct: pct(rate), ok, judged: judged.length })}${worstText}${extra ? t('check.parity.extra', { count: extra }) : ''}.`,
    });
  }
  return checks;
}
