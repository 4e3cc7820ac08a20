/**
 * The *Full capture* switch: Chrome's debugger reports every EventSource message of the
 * tab, including event types the page never listens to (which the page tap cannot see).
 * Off by default; turning it on first explains what Chrome will show. Chrome grants the
 * `debugger` permission only at install, so a build without it explains how to get the
 * full-capture build instead.
 */
import { useState } from 'react';
import { useHub, usePanel } from '../use-panel';

/** The toolbar switch and, while the user decides, its explanation. */
export function FullCaptureSwitch() {
  const { on, error, available } = usePanel((s) => ({ on: s.fullCapture.on, error: s.fullCapture.error, available: s.fullCaptureAvailable }));
  const hub = useHub();
  const [asking, setAsking] = useState(false);
  return (
    <span className="full-capture">
      <label className="tool-check" title="Also capture event types the page does not listen to (uses Chrome's debugger)">
        <input
          type="checkbox"
          data-testid="full-capture"
          checked={on}
          onChange={(e) => {
            if (e.target.checked) setAsking(true);
            else hub.setFullCapture(false);
          }}
        />
        Full capture
      </label>
      {error && !on && (
        <span className="full-capture-error" role="status" data-testid="full-capture-error">
          {error}
        </span>
      )}
      {asking && (
        <div className="full-capture-dialog" role="dialog" aria-modal="true" aria-labelledby="full-capture-title" data-testid="full-capture-dialog">
          <h2 id="full-capture-title">Turn on full capture?</h2>
          <p>
            The page tap sees only the event types the page listens to. Full capture attaches Chrome’s debugger to this tab, so every
            EventSource message shows up, each exactly once (rows only the debugger saw are marked <em>full</em>).
          </p>
          {available === false ? (
            <p data-testid="full-capture-unavailable">
              This build of SSE Hub DevTools has no <strong>debugger</strong> permission, and Chrome grants that permission only when an
              extension is installed, never later. Load the full-capture build instead (<code>npm run build:full</code>, then{' '}
              <em>Load unpacked</em> on <code>.output/chrome-mv3-full</code>), or ask your administrator to install it.
            </p>
          ) : (
            <ul>
              <li>
                While it is on, Chrome shows a bar: “SSE Hub DevTools (full capture) started debugging this browser”. Cancelling that
                bar turns full capture off.
              </li>
              <li>Every network event of the tab passes through the extension while it is on: it costs some CPU on busy pages.</li>
              <li>It ends when you turn it off or close the last SSE Hub panel on this tab.</li>
            </ul>
          )}
          <div className="dialog-buttons">
            <button type="button" className="tool-button bordered" data-testid="full-capture-cancel" onClick={() => setAsking(false)}>
              {available === false ? 'Close' : 'Cancel'}
            </button>
            {available !== false && (
              <button
                type="button"
                className="tool-button bordered primary"
                data-testid="full-capture-accept"
                autoFocus
                onClick={() => {
                  setAsking(false);
                  hub.setFullCapture(true);
                }}
              >
                Turn on
              </button>
            )}
          </div>
        </div>
      )}
    </span>
  );
}
