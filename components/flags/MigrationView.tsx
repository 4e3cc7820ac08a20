/**
 * The Migration view: this tab's flags and phase, phase health (what should be true
 * and whether it is), polled URLs, legacy and SSE traffic side by side, and the history
 * of flag changes and rollbacks, and legacy ↔ SSE parity (ParityView).
 */
import { useEffect, useRef, useState } from 'react';
import { domainType, isLegacyEvent, isSseEvent, phaseHealth, SSE_CATEGORIES, type PhaseHealth } from '../../lib/flags/health';
import { describeFaults, flagsOn } from '../../lib/flags/tab-flags';
import type { CapturedEvent } from '../../lib/protocol';
import { shortUrl } from '../format';
import { usePanel, usePanelStore } from '../use-panel';
import { parityChecks } from '../../lib/parity/health';
import { FaultControls } from './FaultControls';
import { FlagControls, phaseLabel } from './FlagControls';
import { ParityView } from './ParityView';

/** How often the health rules re-run over the retained events. */
const HEALTH_INTERVAL_MS = 1_000;

function HealthList({ health }: { health: PhaseHealth }) {
  if (health.checks.length === 0) {
    return <div className="empty" data-testid="health-empty">No flag is on: the tab runs its legacy systems only. Pick phase 1 to start.</div>;
  }
  return (
    <>
      {health.suggestRollback && (
        <div className="health-alert" role="alert" data-testid="suggest-rollback">
          A check failed for this phase. Consider the emergency rollback.
        </div>
      )}
      <ul className="health" data-testid="health">
        {health.checks.map((check) => (
          <li key={check.id} data-testid={`health-${check.id}`} data-status={check.status}>
            <span className={`health-badge ${check.status}`}>{check.status}</span>
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
  if (polls.length === 0) return <div className="empty" data-testid="polls-empty">No polling detected (a URL requested at a steady period).</div>;
  return (
    <table className="streams" data-testid="polls">
      <thead>
        <tr>
          <th>URL</th>
          <th>Method</th>
          <th>Via</th>
          <th className="num">Every</th>
          <th className="num">Requests</th>
          <th>Last hit</th>
          <th className="num">While disabled</th>
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
            <td>{new Date(poll.lastHit).toLocaleTimeString()}</td>
            <td className="num" data-testid="poll-while-disabled">
              {poll.whileDisabled > 0 ? <strong className="error-text">{poll.whileDisabled}{pollingDisabled ? ' — POLLING_DISABLED is on!' : ''}</strong> : 0}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SIDE_ROWS = [...SSE_CATEGORIES.map((c) => ({ id: c.id, label: c.label, matches: c.matches })), { id: 'other', label: 'other', matches: () => true }];

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
  return (
    <table className="streams side-by-side" data-testid="side-by-side">
      <thead>
        <tr>
          <th>Category</th>
          <th className="num">Legacy emitters</th>
          <th className="num">SSE hub</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid={`side-${row.id}`}>
            <td>{row.label}</td>
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
  if (history.length === 0) return <div className="empty">No flag changes or hub faults in this tab yet.</div>;
  return (
    <ol className="flag-history" data-testid="flag-history" reversed>
      {[...history].reverse().map((change, i) => (
        <li key={history.length - i} data-cause={change.cause}>
          <span className="mono">{new Date(change.at).toLocaleTimeString()}</span>{' '}
          <strong>{change.cause === 'rollback' ? 'Rollback' : change.cause === 'fault' ? 'Hub faults' : phaseLabel(change.flags)}</strong>{' '}
          <span className="muted">
            {change.cause === 'rollback'
              ? `— ${change.reason}`
              : change.cause === 'fault'
                ? `— ${change.faults ? describeFaults(change.faults) : 'none'}`
                : `(${change.cause}) ${flagsOn(change.flags).join(', ') || 'all off'}`}
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
  const [health, setHealth] = useState<PhaseHealth | null>(null);
  const [side, setSide] = useState<SideCounts>(() => countSideBySide([]));
  // Both scan the retained events, so they run on a clock (and at once when the flags
  // change), not per batch: polls change with every request the page polls.
  const latestPolls = useRef(polls);
  latestPolls.current = polls;
  useEffect(() => {
    if (!flagState) return;
    const run = () => {
      const health = phaseHealth(flagState, events, latestPolls.current);
      // Parity joins the checklist while legacy and SSE run side by side (lib/parity/health.ts).
      const parity = parityChecks(flagState, events, store.getState().parity.settings, Date.now());
      setHealth({ ...health, checks: [...health.checks, ...parity], suggestRollback: health.suggestRollback || parity.some((c) => c.status === 'fail') });
      setSide(countSideBySide(events));
    };
    run();
    const timer = setInterval(run, HEALTH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [flagState, events, store]);
  return (
    <div className="migration" data-testid="migration-view">
      <section className="migration-controls" aria-label="Flags">
        <h3>Flags for this tab</h3>
        <FlagControls />
        <FaultControls />
      </section>
      <section className="migration-health" aria-label="Phase health">
        <h3>Phase health</h3>
        {health ? <HealthList health={health} /> : <div className="empty">Checking…</div>}
        <h3>Polling</h3>
        <PollTable />
        <h3>Legacy and SSE, side by side</h3>
        <SideBySide counts={side} />
        <h3>Legacy ↔ SSE parity</h3>
        <ParityView />
        <h3>Flag changes and hub faults</h3>
        <FlagHistory />
      </section>
    </div>
  );
}
