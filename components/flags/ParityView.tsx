/**
 * Legacy ↔ SSE parity (the strategy's phase 2): pairs each legacy event with its SSE
 * twin and shows, per event type and per legacy system, how many matched, came late,
 * differ, are missing over SSE or extra over SSE, with SSE's latency behind legacy; the
 * events that did not match, each opening its two sides and their field diff; the
 * window, lateness and ignored fields as settings; and a report for sign-off. Also the
 * app's optimistic updates and their SSE confirmations, and polling-off readiness
 * (ParitySections.tsx). The event table's filter applies.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { SSE_CATEGORIES } from '../../lib/flags/health';
import { phaseOf } from '../../lib/flags/phases';
import { flagOnSince } from '../../lib/flags/tab-flags';
import { FLAG_SETTLE_MS, type PanelEvent, type TabFlagState } from '../../lib/protocol';
import { compileFilter } from '../../lib/panel-store/filter';
import { computeParity, type ParityCounts, type ParityEntry, type ParityReport, type ParitySettings } from '../../lib/parity/pairing';
import { computeOptimistic, type OptimisticReport } from '../../lib/parity/optimistic';
import { computeReadiness, type ReadinessReport } from '../../lib/parity/readiness';
import { parityCsv, parityJson } from '../../lib/parity/report';
import { parseRules } from '../../lib/parity/rules-text';
import { saveFile } from '../trace/save-file';
import { usePanel, usePanelStore } from '../use-panel';
import { useT } from '../i18n';
import { DiffTable, ms, OptimisticSection, pct, ReadinessSection } from './ParitySections';

/** How often parity is recomputed over the retained events while they change. */
const PARITY_INTERVAL_MS = 1_000;


function CountsRow({ name, counts, testId }: { name: string; counts: ParityCounts; testId: string }) {
  return (
    <tr data-testid={testId}>
      <td>{name}</td>
      <td className="num" data-testid="parity-matched">{counts.matched}</td>
      <td className="num" data-testid="parity-late">{counts.late}</td>
      <td className="num" data-testid="parity-differs">{counts.differs}</td>
      <td className="num" data-testid="parity-missing">{counts.missing}</td>
      <td className="num" data-testid="parity-extra">{counts.extra}</td>
      <td className="num" data-testid="parity-rate">{pct(counts.rate)}</td>
      <td className="num">{ms(counts.p50)}</td>
      <td className="num">{ms(counts.p95)}</td>
      <td className="num">{ms(counts.max)}</td>
    </tr>
  );
}

function CountsTable({ title, rows, prefix }: { title: string; rows: [string, ParityCounts][]; prefix: string }) {
  const t = useT();
  return (
    <table className="streams parity" data-testid={`parity-by-${prefix}`}>
      <thead>
        <tr>
          <th>{title}</th><th className="num">{t('parity.col.matched')}</th><th className="num">{t('parity.col.late')}</th><th className="num">{t('parity.col.differs')}</th>
          <th className="num">{t('parity.col.missing')}</th><th className="num">{t('parity.col.extra')}</th><th className="num">{t('parity.col.rate')}</th>
          <th className="num">p50</th><th className="num">p95</th><th className="num">{t('parity.col.max')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, counts]) => <CountsRow key={name} name={name} counts={counts} testId={`parity-${prefix}-${name}`} />)}
      </tbody>
    </table>
  );
}

function Side({ label, event }: { label: string; event: ParityEntry['legacy'] }) {
  const t = useT();
  return (
    <div className="parity-side">
      <strong>{label}</strong>
      {event ? (
        <>
          <div className="muted">{event.source} · {new Date(event.pageTime).toLocaleTimeString(t.language)} · {event.key}</div>
          <pre className="mono">{prettyData(event.data)}</pre>
        </>
      ) : (
        <div className="muted">{t('parity.none')}</div>
      )}
    </div>
  );
}

function prettyData(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

/** When the earliest SSE flag that is on now came on, plus the settle time; 0 with none on (pair everything: a trace, a custom run). */
function dualRunSince(state: TabFlagState | null): number {
  if (!state) return 0;
  const times = SSE_CATEGORIES.map((c) => flagOnSince(state, c.flag)).filter((at): at is number => at !== null);
  return times.length === 0 ? 0 : Math.min(...times) + FLAG_SETTLE_MS;
}

/** A share typed as a percentage; the previous value when it does not read. */
function clampShare(text: string, previous: number): number {
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? Math.min(1, Math.max(0, n / 100)) : previous;
}

/** The parity section of the Migration view. */
export function ParityView() {
  const { filter, flags, flagState } = usePanel((s) => ({ filter: s.filter, flags: s.flagState?.flags ?? null, flagState: s.flagState }));
  // Legacy events from before any SSE flag came on have no twin to find: pairing starts once the first did (and settled).
  const from = useMemo(() => dualRunSince(flagState), [flagState]);
  const store = usePanelStore();
  const t = useT();
  // Kept in the tab's store: they outlive switching views.
  const { settings, rulesText } = usePanel((s) => s.parity);
  const setParity = (next: Partial<{ settings: ParitySettings; rulesText: string }>) => store.setState((s) => ({ parity: { ...s.parity, ...next } }));
  const setSettings = (next: ParitySettings) => setParity({ settings: next });
  const [report, setReport] = useState<ParityReport | null>(null);
  const [optimistic, setOptimistic] = useState<OptimisticReport | null>(null);
  const [readiness, setReadiness] = useState<ReadinessReport | null>(null);
  const waiting = useRef(false);
  // Optimistic updates waiting for confirmation, and events waiting for a twin, change class with time alone.
  waiting.current = (optimistic?.counts.pending ?? 0) > 0 || (report?.waiting ?? 0) > 0;
  const [open, setOpen] = useState<ParityEntry | null>(null);
  const ruleProblems = useMemo(() => parseRules(rulesText, t).problems, [rulesText, t]);
  const editRules = (text: string) => {
    const parsed = parseRules(text);
    // Applied as soon as every line reads: the view recomputes over the events already captured.
    setParity(parsed.problems.length === 0 ? { rulesText: text, settings: { ...settings, rules: parsed.rules } } : { rulesText: text });
  };
  useEffect(() => {
    // On a clock, and only when the retained events changed since the last run.
    let seen: readonly PanelEvent[] | null = null;
    const run = () => {
      const events = store.getState().events;
      // (Optimistic updates still waiting turn unconfirmed with time alone.)
      if (events === seen && !waiting.current) return;
      seen = events;
      const test = compileFilter(filter).test;
      // Pairing also sees one window before the dual run began: a twin just after its start pairs with its legacy event just before it.
      const paired = events.filter((e) => e.pageTime >= from - settings.windowMs && (!test || test(e)));
      const shown = paired.filter((e) => e.pageTime >= from);
      setReport(computeParity(paired, settings, Date.now(), from));
      const keyFields = [...new Set([...settings.rules.flatMap((r) => r.keys), 'id'])];
      setOptimistic(computeOptimistic(shown, { timeoutMs: settings.optimisticTimeoutMs, keyFields, ignoredFields: settings.ignoredFields, now: Date.now() }));
      setReadiness(computeReadiness(shown, settings.ignoredFields));
    };
    run();
    const timer = setInterval(run, PARITY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [filter, settings, store, from]);
  if (!report) return <div className="empty">{t('parity.pairing')}</div>;
  const problems = report.entries.filter((e) => e.class !== 'matched');
  const context = () => ({
    phase: flags ? phaseOf(flags) : null,
    flags,
    filter: filter.text,
    computedAt: Date.now(),
    since: from,
    ...(optimistic ? { optimistic: { counts: optimistic.counts, p50: optimistic.p50, p95: optimistic.p95, max: optimistic.max } } : {}),
  });
  return (
    <div className="parity-view" data-testid="parity-view">
      {from > 0 && <p className="muted" data-testid="parity-since" data-since={from}>{t('parity.since', { time: new Date(from).toLocaleTimeString(t.language) })}</p>}
      <p>
        {t.parts('parity.summary', { rate: <strong key="rate" data-testid="parity-total-rate">{pct(report.total.rate)}</strong>, count: report.entries.length })} (
        <span data-testid="parity-total">{t('parity.totals', report.total)}</span>)
        {report.waiting > 0 && <span className="muted" data-testid="parity-waiting">{t('parity.waiting', { count: report.waiting })}</span>}.
      </p>
      <form className="parity-settings" onSubmit={(e) => e.preventDefault()}>
        <label>{t('parity.window')} <input type="number" min={0} step={100} data-testid="parity-window" value={settings.windowMs} onChange={(e) => setSettings({ ...settings, windowMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>{t('parity.lateAfter')} <input type="number" min={0} step={50} data-testid="parity-late-ms" value={settings.lateMs} onChange={(e) => setSettings({ ...settings, lateMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>
          {t('parity.ignored')}{' '}
          <input type="text" data-testid="parity-ignored" value={settings.ignoredFields.join(' ')} onChange={(e) => setSettings({ ...settings, ignoredFields: e.target.value.split(/[\s,]+/).filter(Boolean) })} />
        </label>
        <label>
          {t('parity.healthWarn')} <input type="number" min={0} max={100} step={0.5} data-testid="parity-health-warn" value={Math.round(settings.healthWarn * 1000) / 10} onChange={(e) => setSettings({ ...settings, healthWarn: clampShare(e.target.value, settings.healthWarn) })} /> {t('parity.healthFail')}{' '}
          <input type="number" min={0} max={100} step={0.5} data-testid="parity-health-fail" value={Math.round(settings.healthFail * 1000) / 10} onChange={(e) => setSettings({ ...settings, healthFail: clampShare(e.target.value, settings.healthFail) })} /> %
        </label>
        <label>{t('parity.optimisticTimeout')} <input type="number" min={0} step={500} data-testid="parity-optimistic-timeout" value={settings.optimisticTimeoutMs} onChange={(e) => setSettings({ ...settings, optimisticTimeoutMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <button type="button" className="tool-button bordered" data-testid="parity-export-json" onClick={() => saveFile(new TextEncoder().encode(parityJson(report, settings, context())), 'parity-report.json', 'application/json')}>
          {t('parity.exportJson')}
        </button>
        <button type="button" className="tool-button bordered" data-testid="parity-export-csv" onClick={() => saveFile(new TextEncoder().encode(parityCsv(report, settings, context())), 'parity-report.csv', 'text/csv')}>
          CSV
        </button>
      </form>
      <details className="parity-rules">
        <summary>{t('parity.rules', { count: settings.rules.length })}</summary>
        <p className="muted">
          {t.parts('parity.rules.help', {
            syntax: <code key="syntax">{'<legacy system> <legacy type> -> <SSE type> keys=a,b'}</code>,
            any: <code key="any">*</code>,
            prefix: <code key="prefix">card.*</code>,
            same: <code key="same">=</code>,
          })}
        </p>
        <textarea data-testid="parity-rules" rows={8} value={rulesText} onChange={(e) => editRules(e.target.value)} spellCheck={false} />
        {ruleProblems.length > 0 && (
          <ul className="problems" data-testid="parity-rule-problems">
            {ruleProblems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
      </details>
      <CountsTable title={t('parity.col.type')} prefix="type" rows={[...report.byType].sort((a, b) => a[0].localeCompare(b[0]))} />
      <CountsTable title={t('parity.col.system')} prefix="system" rows={[...report.bySystem].sort((a, b) => a[0].localeCompare(b[0]))} />
      {optimistic && <OptimisticSection report={optimistic} timeoutMs={settings.optimisticTimeoutMs} />}
      {readiness && <ReadinessSection report={readiness} />}
      <h4>{t('parity.notMatched', { count: problems.length })}</h4>
      {problems.length === 0 ? (
        <div className="empty" data-testid="parity-clean">{t('parity.clean')}</div>
      ) : (
        <ul className="parity-problems" data-testid="parity-problems">
          {problems.slice(0, 200).map((entry) => {
            const key = `${entry.legacy?.key ?? ''}|${entry.sse?.key ?? ''}`;
            return (
              <li key={key} data-testid="parity-problem" data-class={entry.class} data-type={entry.type}>
                <button type="button" className="tool-button" onClick={() => setOpen(open === entry ? null : entry)}>
                  <span className={`badge parity-${entry.class}`}>{t(`parity.class.${entry.class}`)}</span> {entry.type}
                  {entry.system && <span className="muted">{t('parity.from', { system: entry.system })}</span>}
                  {entry.latencyMs !== null && <span className="muted"> · {entry.latencyMs >= 0 ? '+' : '−'}{Math.abs(Math.round(entry.latencyMs))} ms</span>}
                  {entry.diff.length > 0 && <span className="muted"> · {entry.diff.map((d) => d.path).join(', ')}</span>}
                </button>
                {open === entry && (
                  <div className="parity-pair" data-testid="parity-pair">
                    <Side label={t('parity.legacy')} event={entry.legacy} />
                    <Side label={t('parity.sse')} event={entry.sse} />
                    {entry.diff.length > 0 && (
                      <DiffTable diff={entry.diff} left={t('parity.legacy')} right={t('parity.sse')} testId="parity-diff" />
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
