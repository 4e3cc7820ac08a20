/**
 * The Migration view: this tab's flags and phase, phase health (what should be true
 * and whether it is), polled URLs, legacy and SSE traffic side by side, and the history
 * of flag changes and rollbacks, and legacy ↔ SSE parity (ParityView).
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_HEALTH_OPTIONS, domainType, isLegacyEvent, isSseEvent, phaseHealth, SSE_CATEGORIES, type PhaseHealth } from '../../lib/flags/health';
import { describeFaults, flagsOn } from '../../lib/flags/tab-flags';
import type { CapturedEvent } from '../../lib/protocol';
import { shortUrl } from '../format';
import { usePanel, usePanelStore } from '../use-panel';
import { parityChecks } from '../../lib/parity/health';
import { FaultControls } from './FaultControls';
import { FlagControls, phaseLabel } from './FlagControls';
import { ParityView } from './ParityView';
import { useT } from '../i18n';

/** How often the health rules re-run over the retained events. */
const HEALTH_INTERVAL_MS = 1_000;

function HealthList({ health }: { health: PhaseHealth }) {
  const t = useT();
  if (health.checks.length === 0) {
    return <div className="empty" data-testid="health-empty">{t('health.empty')}</div>;
  }
  return (
    <>
      {health.suggestRollback && (
        <div className="health-alert" role="alert" data-testid="suggest-rollback">
          {t('health.suggestRollback')}
        </div>
      )}
      <ul className="health" data-testid="health">
        {health.checks.map((check) => (
          <li key={check.id} data-testid={`health-${check.id}`} data-status={check.status}>
            <span className={`health-badge ${check.status}`}>{t(`health.status.${check.status}`)}</span>
            <span className="health-title">{check.title}</span>
            <span className="muted"> — {check.detail}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function PollTable() {
  const { polls, pollingDisabled } = usePanel((s) => ({ polls: s.polls, pollingDisabled: s.flagState?.flags.POLLING_DISABLED ?? false }));
  const t = useT();
  if (polls.length === 0) return <div className="empty" data-testid="polls-empty">{t('polls.empty')}</div>;
  return (
    <table className="streams" data-testid="polls">
      <thead>
        <tr>
          <th>{t('polls.col.url')}</th>
          <th>{t('polls.col.method')}</th>
          <th>{t('polls.col.via')}</th>
          <th className="num">{t('polls.col.every')}</th>
          <th className="num">{t('polls.col.requests')}</th>
          <th>{t('polls.col.lastHit')}</th>
          <th className="num">{t('polls.col.whileDisabled')}</th>
        </tr>
      </thead>
      <tbody>
        {polls.map((poll) => (
          <tr key={poll.key} data-testid="poll-row" data-url={poll.url} className={poll.whileDisabled > 0 ? 'poll-violation' : ''}>
            <td className="url" title={poll.url}>{shortUrl(poll.url)}</td>
            <td>{poll.method}</td>
            <td>{poll.via}</td>
            <td className="num">{poll.periodMs === null ? '—' : `${(poll.periodMs / 1000).toFixed(1)} s`}</td>
            <td className="num" data-testid="poll-count">{poll.count}</td>
            <td>{new Date(poll.lastHit).toLocaleTimeString(t.language)}</td>
            <td className="num" data-testid="poll-while-disabled">
              {poll.whileDisabled > 0 ? <strong className="error-text">{poll.whileDisabled}{pollingDisabled ? t('polls.disabledOn') : ''}</strong> : 0}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SIDE_ROWS = [...SSE_CATEGORIES.map((c) => ({ id: c.id, matches: c.matches })), { id: 'other' as const, matches: () => true }];

type SideCounts = Map<string, { sse: number; legacy: number }>;

/** Legacy and SSE events per category, over everything retained. */
function countSideBySide(events: readonly CapturedEvent[]): SideCounts {
  const counts: SideCounts = new Map(SIDE_ROWS.map((r) => [r.id, { sse: 0, legacy: 0 }]));
  for (const event of events) {
    const type = domainType(event);
    const count = counts.get(SIDE_ROWS.find((r) => r.matches(type))!.id)!;
    if (isSseEvent(event)) count.sse += 1;
    else if (isLegacyEvent(event)) count.legacy += 1;
  }
  return counts;
}

function SideBySide({ counts }: { counts: SideCounts }) {
  const rows = SIDE_ROWS;
  const t = useT();
  return (
    <table className="streams side-by-side" data-testid="side-by-side">
      <thead>
        <tr>
          <th>{t('side.col.category')}</th>
          <th className="num">{t('side.col.legacy')}</th>
          <th className="num">{t('side.col.sse')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid={`side-${row.id}`}>
            <td>{t(`side.row.${row.id}`)}</td>
            <td className="num" data-testid="side-legacy">{counts.get(row.id)!.legacy}</td>
            <td className="num" data-testid="side-sse">{counts.get(row.id)!.sse}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FlagHistory() {
  const history = usePanel((s) => s.flagState?.history ?? []);
  const t = useT();
  if (history.length === 0) return <div className="empty">{t('history.empty')}</div>;
  return (
    <ol className="flag-history" data-testid="flag-history" reversed>
      {[...history].reverse().map((change, i) => (
        <li key={history.length - i} data-cause={change.cause}>
          <span className="mono">{new Date(change.at).toLocaleTimeString(t.language)}</span>{' '}
          <strong>{change.cause === 'rollback' ? t('history.rollback') : change.cause === 'fault' ? t('history.faults') : phaseLabel(change.flags, t)}</strong>{' '}
          <span className="muted">
            {change.cause === 'rollback'
              ? `— ${change.reason}`
              : change.cause === 'fault'
                ? `— ${change.faults ? describeFaults(change.faults, t) : t('faults.none')}`
                : `(${t(`history.cause.${change.cause}`)}) ${flagsOn(change.flags).join(', ') || t('history.allOff')}`}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The Migration view. */
export function MigrationView() {
  const { flagState, events, polls } = usePanel((s) => ({ flagState: s.flagState, events: s.events, polls: s.polls }));
  const store = usePanelStore();
  const t = useT();
  const [health, setHealth] = useState<PhaseHealth | null>(null);
  const [side, setSide] = useState<SideCounts>(() => countSideBySide([]));
  // Both scan the retained events, so they run on a clock (and at once when the flags
  // change), not per batch: polls change with every request the page polls.
  const latestPolls = useRef(polls);
  latestPolls.current = polls;
  useEffect(() => {
    if (!flagState) return;
    const run = () => {
      const health = phaseHealth(flagState, events, latestPolls.current, DEFAULT_HEALTH_OPTIONS, Date.now(), t);
      // Parity joins the checklist while legacy and SSE run side by side (lib/parity/health.ts).
      const parity = parityChecks(flagState, events, store.getState().parity.settings, Date.now(), t);
      setHealth({ ...health, checks: [...health.checks, ...parity], suggestRollback: health.suggestRollback || parity.some((c) => c.status === 'fail') });
      setSide(countSideBySide(events));
    };
    run();
    const timer = setInterval(run, HEALTH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [flagState, events, store, t]);
  return (
    <div className="migration" data-testid="migration-view">
      <section className="migration-controls" aria-label={t('migration.flags')}>
        <h3>{t('migration.flags.title')}</h3>
        <FlagControls />
        <FaultControls />
      </section>
      <section className="migration-health" aria-label={t('migration.health')}>
        <h3>{t('migration.health')}</h3>
        {health ? <HealthList health={health} /> : <div className="empty">{t('migration.checking')}</div>}
        <h3>{t('migration.polling')}</h3>
        <PollTable />
        <h3>{t('migration.sideBySide')}</h3>
        <SideBySide counts={side} />
        <h3>{t('migration.parity')}</h3>
        <ParityView />
        <h3>{t('migration.history')}</h3>
        <FlagHistory />
      </section>
    </div>
  );
}
