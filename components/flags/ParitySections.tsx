/**
 * Two parts of the parity view: the app's optimistic updates and their SSE confirmations
 * (the strategy's target flow), and polling-off readiness (would the SSE card events alone
 * have produced what each poll returned?); and the field diff table both views use.
 */
import { useState } from 'react';
import type { FieldDiff } from '../../lib/parity/diff';
import type { OptimisticEntry, OptimisticReport } from '../../lib/parity/optimistic';
import type { ReadinessPoll, ReadinessReport } from '../../lib/parity/readiness';
import { useT } from '../i18n';
import { useRelay, usePanel } from '../use-panel';

/** A share as a percentage with one decimal, `—` when there is nothing to judge. */
export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);
/** Milliseconds, rounded, `—` when unknown. */
export const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

/** The strategy's target flow: the app's optimistic updates and their SSE confirmations. */
export function OptimisticSection({ report, timeoutMs }: { report: OptimisticReport; timeoutMs: number }) {
  const select = usePanel((s) => s.select);
  const [open, setOpen] = useState<OptimisticEntry | null>(null);
  const t = useT();
  if (report.entries.length === 0) {
    return (
      <p className="muted" data-testid="optimistic-none">
        {t.parts('optimistic.none', { call: <code key="call">__SSE_HUB_DEVTOOLS_HOOK__.optimistic(action, key, data)</code> })}
      </p>
    );
  }
  const problems = report.entries.filter((e) => e.class === 'differs' || e.class === 'unconfirmed');
  return (
    <section className="parity-optimistic" data-testid="optimistic">
      <h4>{t('optimistic.title', { count: report.entries.length })}</h4>
      <p>
        {t.parts('optimistic.summary', {
          confirmed: <span key="confirmed" data-testid="optimistic-confirmed">{report.counts.confirmed}</span>,
          differs: <span key="differs" data-testid="optimistic-differs">{report.counts.differs}</span>,
          unconfirmed: <span key="unconfirmed" data-testid="optimistic-unconfirmed">{report.counts.unconfirmed}</span>,
          timeout: timeoutMs,
          pending: <span key="pending" data-testid="optimistic-pending">{report.counts.pending}</span>,
          p50: ms(report.p50),
          p95: ms(report.p95),
          max: ms(report.max),
        })}
      </p>
      {problems.length > 0 && (
        <ul className="parity-problems" data-testid="optimistic-problems">
          {problems.slice(0, 200).map((entry) => (
            <li key={entry.report.key} data-testid="optimistic-problem" data-class={entry.class} data-key={entry.key}>
              <button type="button" className="tool-button" onClick={() => setOpen(open === entry ? null : entry)}>
                <span className={`badge parity-${entry.class === 'differs' ? 'differs' : 'missing'}`}>{t(`optimistic.class.${entry.class}`)}</span> {entry.action} {entry.key}
                {entry.diff.length > 0 && <span className="muted"> · {entry.diff.map((d) => d.path).join(', ')}</span>}
              </button>
              {open === entry && (
                <div className="parity-pair" data-testid="optimistic-pair">
                  <button type="button" className="tool-button" onClick={() => select(entry.report.key)}>{t('optimistic.showUpdate')}</button>
                  {entry.confirmation && <button type="button" className="tool-button" onClick={() => select(entry.confirmation!.key)}>{t('optimistic.showConfirmation')}</button>}
                  {entry.diff.length > 0 && (
                    <DiffTable diff={entry.diff} left={t('optimistic.assumed')} right={t('optimistic.confirmedAs')} testId="optimistic-diff" />
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
export function DiffTable({ diff, left, right, testId }: { diff: FieldDiff[]; left: string; right: string; testId: string }) {
  const t = useT();
  return (
    <table className="plain" data-testid={testId}>
      <thead><tr><th>{t('parity.field')}</th><th>{left}</th><th>{right}</th></tr></thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.path}><td className="mono">{d.path}</td><td className="mono">{JSON.stringify(d.legacy) ?? t('parity.absent')}</td><td className="mono">{JSON.stringify(d.sse) ?? t('parity.absent')}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** A polled URL without its query: the prefix the tap matches. */
const prefixOf = (url: string) => url.split(/[?#]/)[0]!;

/** Polling-off readiness: would the SSE card events alone have produced what each poll returned? */
export function ReadinessSection({ report }: { report: ReadinessReport }) {
  const relay = useRelay();
  const { polls, watch } = usePanel((s) => ({ polls: s.polls, watch: s.parity.watch }));
  const [open, setOpen] = useState<ReadinessPoll | null>(null);
  const t = useT();
  const candidates = [...new Set(polls.filter((p) => p.method === 'GET' && p.polling).map((p) => prefixOf(p.url)))];
  const toggle = (prefix: string, on: boolean) => relay.setWatch?.(on ? [...watch.filter((w) => w !== prefix), prefix] : watch.filter((w) => w !== prefix));
  return (
    <section className="parity-readiness" data-testid="readiness">
      <h4>{t('readiness.title')}</h4>
      <p className="muted">
        {t.parts('readiness.help', { updates: <code key="updates">updates</code> })}
      </p>
      {candidates.length === 0 && watch.length === 0 ? (
        <p className="muted" data-testid="readiness-no-polls">{t('readiness.noPolls')}</p>
      ) : (
        <p>
          {[...new Set([...candidates, ...watch])].map((prefix) => (
            <label key={prefix} className="readiness-watch">
              <input type="checkbox" data-testid="readiness-watch" data-url={prefix} disabled={!relay.setWatch} checked={watch.includes(prefix)} onChange={(e) => toggle(prefix, e.target.checked)} />{' '}
              {t.parts('readiness.read', { url: <span key="url" className="mono">{prefix.replace(/^[a-z]+:\/\/[^/]+/i, '')}</span> })}
            </label>
          ))}
        </p>
      )}
      {report.polls.length > 0 && (
        <>
          <p>
            {t.parts('readiness.rate', {
              rate: <strong key="rate" data-testid="readiness-rate">{pct(report.rate)}</strong>,
              clean: <span key="clean" data-testid="readiness-clean">{report.cleanPolls}</span>,
              polls: report.polls.length,
            })}
          </p>
          <table className="streams parity" data-testid="readiness-polls">
            <thead>
              <tr>
                <th>{t('readiness.col.poll')}</th><th>{t('readiness.col.url')}</th><th className="num">{t('readiness.col.folded')}</th><th className="num">{t('readiness.col.agree')}</th>
                <th className="num">{t('readiness.col.differ')}</th><th className="num">{t('readiness.col.missing')}</th><th className="num">{t('readiness.col.extra')}</th>
              </tr>
            </thead>
            <tbody>
              {report.polls.slice(-50).map((p) => (
                <tr key={p.poll.key} data-testid="readiness-poll" data-agree={p.agree} data-differ={p.differ.length} data-missing={p.missing.length} data-extra={p.extra.length} onClick={() => setOpen(open === p ? null : p)}>
                  <td className="mono">{new Date(p.poll.pageTime).toLocaleTimeString(t.language)}</td>
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
                  {d.diff.map((f) => t('readiness.field', { path: f.path, sse: JSON.stringify(f.legacy) ?? t('parity.absent'), poll: JSON.stringify(f.sse) ?? t('parity.absent') })).join('; ')}
                </div>
              ))}
              {open.missing.length > 0 && <div>{t.parts('readiness.missing', { ids: <span key="ids" className="mono">{open.missing.join(', ')}</span> })}</div>}
              {open.extra.length > 0 && <div>{t.parts('readiness.extra', { ids: <span key="ids" className="mono">{open.extra.join(', ')}</span> })}</div>}
              {open.differ.length + open.missing.length + open.extra.length === 0 && <div>{t('readiness.agrees')}</div>}
            </div>
          )}
        </>
      )}
    </section>
  );
}
