/**
 * Legacy ↔ SSE parity (the strategy's phase 2): pairs each legacy event with its SSE
 * twin and shows, per event type and per legacy system, how many matched, came late,
 * differ, are missing over SSE or extra over SSE, with SSE's latency behind legacy; the
 * events that did not match, each opening its two sides and their field diff; the
 * window, lateness and ignored fields as settings; and a report for sign-off. Also the
 * app's optimistic updates and their SSE confirmations (the strategy's target flow). The
 * event table's filter applies.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { SSE_CATEGORIES } from '../../lib/flags/health';
import { phaseOf } from '../../lib/flags/phases';
import { flagOnSince } from '../../lib/flags/tab-flags';
import { FLAG_SETTLE_MS, type TabFlagState } from '../../lib/protocol';
import { compileFilter } from '../../lib/panel-store/filter';
import { computeParity, type ParityCounts, type ParityEntry, type ParityReport, type ParitySettings } from '../../lib/parity/pairing';
import type { FieldDiff } from '../../lib/parity/diff';
import { computeOptimistic, type OptimisticClass, type OptimisticEntry, type OptimisticReport } from '../../lib/parity/optimistic';
import { computeReadiness, type ReadinessPoll, type ReadinessReport } from '../../lib/parity/readiness';
import { parityCsv, parityJson } from '../../lib/parity/report';
import { parseRules } from '../../lib/parity/rules-text';
import { saveFile } from '../trace/save-file';
import { useHub, usePanel, usePanelStore } from '../use-panel';

/** How often parity is recomputed over the retained events while they change. */
const PARITY_INTERVAL_MS = 1_000;

const CLASS_LABELS: Record<ParityEntry['class'], string> = { matched: 'matched', late: 'late', differs: 'payload differs', missing: 'missing over SSE', extra: 'extra over SSE' };

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);
const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

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
  return (
    <table className="streams parity" data-testid={`parity-by-${prefix}`}>
      <thead>
        <tr>
          <th>{title}</th><th className="num">Matched</th><th className="num">Late</th><th className="num">Differs</th>
          <th className="num">Missing</th><th className="num">Extra</th><th className="num">Matched %</th>
          <th className="num">p50</th><th className="num">p95</th><th className="num">Max</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, counts]) => <CountsRow key={name} name={name} counts={counts} testId={`parity-${prefix}-${name}`} />)}
      </tbody>
    </table>
  );
}

function Side({ label, event }: { label: string; event: ParityEntry['legacy'] }) {
  return (
    <div className="parity-side">
      <strong>{label}</strong>
      {event ? (
        <>
          <div className="muted">{event.source} · {new Date(event.pageTime).toLocaleTimeString()} · {event.key}</div>
          <pre className="mono">{prettyData(event.data)}</pre>
        </>
      ) : (
        <div className="muted">— none —</div>
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
  const times = SSE_CATEGORIES.map((c) => flagOnSince(state, c.flag)).filter((t): t is number => t !== null);
  return times.length === 0 ? 0 : Math.min(...times) + FLAG_SETTLE_MS;
}

/** A share typed as a percentage; the previous value when it does not read. */
function clampShare(text: string, previous: number): number {
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? Math.min(1, Math.max(0, n / 100)) : previous;
}

const OPTIMISTIC_LABELS: Record<OptimisticClass, string> = { confirmed: 'confirmed', differs: 'confirmed, differs', unconfirmed: 'never confirmed: would roll back', pending: 'waiting' };

/** The strategy's target flow: the app's optimistic updates and their SSE confirmations. */
function OptimisticSection({ report, timeoutMs }: { report: OptimisticReport; timeoutMs: number }) {
  const select = usePanel((s) => s.select);
  const [open, setOpen] = useState<OptimisticEntry | null>(null);
  if (report.entries.length === 0) {
    return (
      <p className="muted" data-testid="optimistic-none">
        No optimistic updates reported. An app reports one with <code>__SSE_HUB_DEVTOOLS_HOOK__.optimistic(action, key, data)</code> when it updates its UI before the hub confirms.
      </p>
    );
  }
  const problems = report.entries.filter((e) => e.class === 'differs' || e.class === 'unconfirmed');
  return (
    <section className="parity-optimistic" data-testid="optimistic">
      <h4>Optimistic updates ({report.entries.length})</h4>
      <p>
        <span data-testid="optimistic-confirmed">{report.counts.confirmed}</span> confirmed, <span data-testid="optimistic-differs">{report.counts.differs}</span> confirmed with other data,{' '}
        <span data-testid="optimistic-unconfirmed">{report.counts.unconfirmed}</span> never confirmed within {timeoutMs} ms (the UI would roll back),{' '}
        <span data-testid="optimistic-pending">{report.counts.pending}</span> waiting. Confirmation latency p50 {ms(report.p50)}, p95 {ms(report.p95)}, max {ms(report.max)}.
      </p>
      {problems.length > 0 && (
        <ul className="parity-problems" data-testid="optimistic-problems">
          {problems.slice(0, 200).map((entry) => (
            <li key={entry.report.key} data-testid="optimistic-problem" data-class={entry.class} data-key={entry.key}>
              <button type="button" className="tool-button" onClick={() => setOpen(open === entry ? null : entry)}>
                <span className={`badge parity-${entry.class === 'differs' ? 'differs' : 'missing'}`}>{OPTIMISTIC_LABELS[entry.class]}</span> {entry.action} {entry.key}
                {entry.diff.length > 0 && <span className="muted"> · {entry.diff.map((d) => d.path).join(', ')}</span>}
              </button>
              {open === entry && (
                <div className="parity-pair" data-testid="optimistic-pair">
                  <button type="button" className="tool-button" onClick={() => select(entry.report.key)}>Show the update</button>
                  {entry.confirmation && <button type="button" className="tool-button" onClick={() => select(entry.confirmation!.key)}>Show its confirmation</button>}
                  {entry.diff.length > 0 && (
                    <DiffTable diff={entry.diff} left="The UI assumed" right="SSE confirmed" testId="optimistic-diff" />
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A field diff, one row per field: its path and the value on each side. */
function DiffTable({ diff, left, right, testId }: { diff: FieldDiff[]; left: string; right: string; testId: string }) {
  return (
    <table className="plain" data-testid={testId}>
      <thead><tr><th>Field</th><th>{left}</th><th>{right}</th></tr></thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.path}><td className="mono">{d.path}</td><td className="mono">{JSON.stringify(d.legacy) ?? '(absent)'}</td><td className="mono">{JSON.stringify(d.sse) ?? '(absent)'}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** A polled URL without its query: the prefix the tap matches. */
const prefixOf = (url: string) => url.split(/[?#]/)[0]!;

/** Polling-off readiness: would the SSE card events alone have produced what each poll returned? */
function ReadinessSection({ report }: { report: ReadinessReport }) {
  const hub = useHub();
  const { polls, watch } = usePanel((s) => ({ polls: s.polls, watch: s.parity.watch }));
  const [open, setOpen] = useState<ReadinessPoll | null>(null);
  const candidates = [...new Set(polls.filter((p) => p.method === 'GET' && p.polling).map((p) => prefixOf(p.url)))];
  const toggle = (prefix: string, on: boolean) => hub.setWatch?.(on ? [...watch.filter((w) => w !== prefix), prefix] : watch.filter((w) => w !== prefix));
  return (
    <section className="parity-readiness" data-testid="readiness">
      <h4>Polling-off readiness</h4>
      <p className="muted">
        Before POLLING_DISABLED: the card events since each poll, folded into what that poll returned by the strategy’s own rules (created appends, updated merges
        <code> updates</code>, deleted removes), against what the next poll returned. The tab reads the bodies of the polled URLs ticked here (a clone; nothing else).
      </p>
      {candidates.length === 0 && watch.length === 0 ? (
        <p className="muted" data-testid="readiness-no-polls">No polled GET URL detected yet.</p>
      ) : (
        <p>
          {[...new Set([...candidates, ...watch])].map((prefix) => (
            <label key={prefix} className="readiness-watch">
              <input type="checkbox" data-testid="readiness-watch" data-url={prefix} disabled={!hub.setWatch} checked={watch.includes(prefix)} onChange={(e) => toggle(prefix, e.target.checked)} /> Read <span className="mono">{prefix.replace(/^[a-z]+:\/\/[^/]+/i, '')}</span>
            </label>
          ))}
        </p>
      )}
      {report.polls.length > 0 && (
        <>
          <p>
            <strong data-testid="readiness-rate">{pct(report.rate)}</strong> of polled items as SSE alone would have had them; <span data-testid="readiness-clean">{report.cleanPolls}</span> of {report.polls.length} polls fully agree.
          </p>
          <table className="streams parity" data-testid="readiness-polls">
            <thead><tr><th>Poll</th><th>URL</th><th className="num">Events folded</th><th className="num">Agree</th><th className="num">Differ</th><th className="num">Missing</th><th className="num">Extra</th></tr></thead>
            <tbody>
              {report.polls.slice(-50).map((p) => (
                <tr key={p.poll.key} data-testid="readiness-poll" data-agree={p.agree} data-differ={p.differ.length} data-missing={p.missing.length} data-extra={p.extra.length} onClick={() => setOpen(open === p ? null : p)}>
                  <td className="mono">{new Date(p.poll.pageTime).toLocaleTimeString()}</td>
                  <td className="mono">{p.url.replace(/^[a-z]+:\/\/[^/]+/i, '')}</td>
                  <td className="num">{p.folded}</td>
                  <td className="num">{p.agree}</td>
                  <td className="num">{p.differ.length}</td>
                  <td className="num">{p.missing.length}</td>
                  <td className="num">{p.extra.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {open && (
            <div className="parity-pair" data-testid="readiness-detail">
              {open.differ.map((d) => (
                <div key={d.id} data-testid="readiness-differ" data-id={d.id}>
                  <strong className="mono">{d.id}</strong>:{' '}
                  {d.diff.map((f) => `${f.path}: SSE ${JSON.stringify(f.legacy) ?? '(absent)'}, poll ${JSON.stringify(f.sse) ?? '(absent)'}`).join('; ')}
                </div>
              ))}
              {open.missing.length > 0 && <div>Missing from what SSE built: <span className="mono">{open.missing.join(', ')}</span></div>}
              {open.extra.length > 0 && <div>Only in what SSE built: <span className="mono">{open.extra.join(', ')}</span></div>}
              {open.differ.length + open.missing.length + open.extra.length === 0 && <div>Every item agrees.</div>}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The parity section of the Migration view. */
export function ParityView() {
  const { events, filter, flags, flagState } = usePanel((s) => ({ events: s.events, filter: s.filter, flags: s.flagState?.flags ?? null, flagState: s.flagState }));
  // Legacy events from before any SSE flag came on have no twin to find: pairing starts once the first did (and settled).
  const from = useMemo(() => dualRunSince(flagState), [flagState]);
  const store = usePanelStore();
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
  const ruleProblems = useMemo(() => parseRules(rulesText).problems, [rulesText]);
  const editRules = (text: string) => {
    const parsed = parseRules(text);
    // Applied as soon as every line reads: the view recomputes over the events already captured.
    setParity(parsed.problems.length === 0 ? { rulesText: text, settings: { ...settings, rules: parsed.rules } } : { rulesText: text });
  };
  useEffect(() => {
    // On a clock, and only when the retained events changed since the last run.
    let seen = -1;
    const run = () => {
      const version = store.getState().eventsVersion;
      // (Optimistic updates still waiting turn unconfirmed with time alone.)
      if (version === seen && !waiting.current) return;
      seen = version;
      const test = compileFilter(filter).test;
      const shown = events.filter((e) => e.pageTime >= from && (!test || test(e)));
      setReport(computeParity(shown, settings, Date.now()));
      const keyFields = [...new Set([...settings.rules.flatMap((r) => r.keys), 'id'])];
      setOptimistic(computeOptimistic(shown, { timeoutMs: settings.optimisticTimeoutMs, keyFields, ignoredFields: settings.ignoredFields, now: Date.now() }));
      setReadiness(computeReadiness(shown, settings.ignoredFields));
    };
    run();
    const timer = setInterval(run, PARITY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [events, filter, settings, store, from]);
  if (!report) return <div className="empty">Pairing…</div>;
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
      {from > 0 && <p className="muted" data-testid="parity-since" data-since={from}>Pairing the events since {new Date(from).toLocaleTimeString()}, a second after the first SSE flag on now came on.</p>}
      <p>
        <strong data-testid="parity-total-rate">{pct(report.total.rate)}</strong> matched, over {report.entries.length} pairs and unpaired events
        (<span data-testid="parity-total">{report.total.matched} matched, {report.total.late} late, {report.total.differs} differ, {report.total.missing} missing over SSE, {report.total.extra} extra over SSE</span>)
        {report.waiting > 0 && <span className="muted" data-testid="parity-waiting">; {report.waiting} still inside the window, waiting for a twin</span>}.
      </p>
      <form className="parity-settings" onSubmit={(e) => e.preventDefault()}>
        <label>Window <input type="number" min={0} step={100} data-testid="parity-window" value={settings.windowMs} onChange={(e) => setSettings({ ...settings, windowMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>Late after <input type="number" min={0} step={50} data-testid="parity-late-ms" value={settings.lateMs} onChange={(e) => setSettings({ ...settings, lateMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>
          Ignored fields{' '}
          <input type="text" data-testid="parity-ignored" value={settings.ignoredFields.join(' ')} onChange={(e) => setSettings({ ...settings, ignoredFields: e.target.value.split(/[\s,]+/).filter(Boolean) })} />
        </label>
        <label>
          Health warns below <input type="number" min={0} max={100} step={0.5} data-testid="parity-health-warn" value={Math.round(settings.healthWarn * 1000) / 10} onChange={(e) => setSettings({ ...settings, healthWarn: clampShare(e.target.value, settings.healthWarn) })} /> %, fails below{' '}
          <input type="number" min={0} max={100} step={0.5} data-testid="parity-health-fail" value={Math.round(settings.healthFail * 1000) / 10} onChange={(e) => setSettings({ ...settings, healthFail: clampShare(e.target.value, settings.healthFail) })} /> %
        </label>
        <label>Optimistic updates confirmed within <input type="number" min={0} step={500} data-testid="parity-optimistic-timeout" value={settings.optimisticTimeoutMs} onChange={(e) => setSettings({ ...settings, optimisticTimeoutMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <button type="button" className="tool-button bordered" data-testid="parity-export-json" onClick={() => saveFile(new TextEncoder().encode(parityJson(report, settings, context())), 'parity-report.json', 'application/json')}>
          Export report (JSON)
        </button>
        <button type="button" className="tool-button bordered" data-testid="parity-export-csv" onClick={() => saveFile(new TextEncoder().encode(parityCsv(report, settings, context())), 'parity-report.csv', 'text/csv')}>
          CSV
        </button>
      </form>
      <details className="parity-rules">
        <summary>Mapping rules ({settings.rules.length})</summary>
        <p className="muted">
          One per line: <code>&lt;legacy system&gt; &lt;legacy type&gt; -&gt; &lt;SSE type&gt; keys=a,b</code>; <code>*</code> matches any,
          <code>card.*</code> a prefix, <code>=</code> the same type. The first rule that matches a legacy event decides its twin.
        </p>
        <textarea data-testid="parity-rules" rows={8} value={rulesText} onChange={(e) => editRules(e.target.value)} spellCheck={false} />
        {ruleProblems.length > 0 && (
          <ul className="problems" data-testid="parity-rule-problems">
            {ruleProblems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
      </details>
      <CountsTable title="Event type" prefix="type" rows={[...report.byType].sort((a, b) => a[0].localeCompare(b[0]))} />
      <CountsTable title="Legacy system" prefix="system" rows={[...report.bySystem].sort((a, b) => a[0].localeCompare(b[0]))} />
      {optimistic && <OptimisticSection report={optimistic} timeoutMs={settings.optimisticTimeoutMs} />}
      {readiness && <ReadinessSection report={readiness} />}
      <h4>Not matched ({problems.length})</h4>
      {problems.length === 0 ? (
        <div className="empty" data-testid="parity-clean">Every legacy event has its SSE twin, on time and equal.</div>
      ) : (
        <ul className="parity-problems" data-testid="parity-problems">
          {problems.slice(0, 200).map((entry) => {
            const key = `${entry.legacy?.key ?? ''}|${entry.sse?.key ?? ''}`;
            return (
              <li key={key} data-testid="parity-problem" data-class={entry.class} data-type={entry.type}>
                <button type="button" className="tool-button" onClick={() => setOpen(open === entry ? null : entry)}>
                  <span className={`badge parity-${entry.class}`}>{CLASS_LABELS[entry.class]}</span> {entry.type}
                  {entry.system && <span className="muted"> from {entry.system}</span>}
                  {entry.latencyMs !== null && <span className="muted"> · {entry.latencyMs >= 0 ? '+' : '−'}{Math.abs(Math.round(entry.latencyMs))} ms</span>}
                  {entry.diff.length > 0 && <span className="muted"> · {entry.diff.map((d) => d.path).join(', ')}</span>}
                </button>
                {open === entry && (
                  <div className="parity-pair" data-testid="parity-pair">
                    <Side label="Legacy" event={entry.legacy} />
                    <Side label="SSE" event={entry.sse} />
                    {entry.diff.length > 0 && (
                      <DiffTable diff={entry.diff} left="Legacy" right="SSE" testId="parity-diff" />
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
