/**
 * Legacy ↔ SSE parity (the strategy's phase 2): pairs each legacy event with its SSE
 * twin and shows, per event type and per legacy system, how many matched, came late,
 * differ, are missing over SSE or extra over SSE, with SSE's latency behind legacy; the
 * events that did not match, each opening its two sides and their field diff; the
 * window, lateness and ignored fields as settings; and a report for sign-off. The event
 * table's filter applies.
 */
import { useEffect, useMemo, useState } from 'react';
import { phaseOf } from '../../lib/flags/phases';
import { compileFilter } from '../../lib/panel-store/filter';
import { computeParity, type ParityCounts, type ParityEntry, type ParityReport, type ParitySettings } from '../../lib/parity/pairing';
import { parityCsv, parityJson } from '../../lib/parity/report';
import { parseRules } from '../../lib/parity/rules-text';
import { saveFile } from '../trace/save-file';
import { usePanel, usePanelStore } from '../use-panel';

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

/** The parity section of the Migration view. */
export function ParityView() {
  const { events, filter, flags } = usePanel((s) => ({ events: s.events, filter: s.filter, flags: s.flagState?.flags ?? null }));
  const store = usePanelStore();
  // Kept in the tab's store: they outlive switching views.
  const { settings, rulesText } = usePanel((s) => s.parity);
  const setParity = (next: Partial<{ settings: ParitySettings; rulesText: string }>) => store.setState((s) => ({ parity: { ...s.parity, ...next } }));
  const setSettings = (next: ParitySettings) => setParity({ settings: next });
  const [report, setReport] = useState<ParityReport | null>(null);
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
      if (version === seen) return;
      seen = version;
      const test = compileFilter(filter).test;
      setReport(computeParity(test ? events.filter(test) : events, settings));
    };
    run();
    const timer = setInterval(run, PARITY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [events, filter, settings, store]);
  if (!report) return <div className="empty">Pairing…</div>;
  const problems = report.entries.filter((e) => e.class !== 'matched');
  const context = () => ({ phase: flags ? phaseOf(flags) : null, flags, filter: filter.text, computedAt: Date.now() });
  return (
    <div className="parity-view" data-testid="parity-view">
      <p>
        <strong data-testid="parity-total-rate">{pct(report.total.rate)}</strong> matched, over {report.entries.length} pairs and unpaired events
        (<span data-testid="parity-total">{report.total.matched} matched, {report.total.late} late, {report.total.differs} differ, {report.total.missing} missing over SSE, {report.total.extra} extra over SSE</span>).
      </p>
      <form className="parity-settings" onSubmit={(e) => e.preventDefault()}>
        <label>Window <input type="number" min={0} step={100} data-testid="parity-window" value={settings.windowMs} onChange={(e) => setSettings({ ...settings, windowMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>Late after <input type="number" min={0} step={50} data-testid="parity-late-ms" value={settings.lateMs} onChange={(e) => setSettings({ ...settings, lateMs: Math.max(0, Number(e.target.value) || 0) })} /> ms</label>
        <label>
          Ignored fields{' '}
          <input type="text" data-testid="parity-ignored" value={settings.ignoredFields.join(' ')} onChange={(e) => setSettings({ ...settings, ignoredFields: e.target.value.split(/[\s,]+/).filter(Boolean) })} />
        </label>
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
                      <table className="plain" data-testid="parity-diff">
                        <thead><tr><th>Field</th><th>Legacy</th><th>SSE</th></tr></thead>
                        <tbody>
                          {entry.diff.map((d) => (
                            <tr key={d.path}><td className="mono">{d.path}</td><td className="mono">{JSON.stringify(d.legacy) ?? '(absent)'}</td><td className="mono">{JSON.stringify(d.sse) ?? '(absent)'}</td></tr>
                          ))}
                        </tbody>
                      </table>
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
