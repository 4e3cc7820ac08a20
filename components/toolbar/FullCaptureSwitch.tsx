/**
 * The *Full capture* switch: Chrome's debugger reports every EventSource message of the
 * tab, including event types the page never listens to (which the page tap cannot see).
 * Off by default; turning it on first explains what Chrome will show. Chrome grants the
 * `debugger` permission only at install, so a build without it explains how to get the
 * full-capture build instead.
 */
import { useState } from 'react';
import { useRelay, usePanel } from '../use-panel';
import { useT } from '../i18n';

/** The toolbar switch and, while the user decides, its explanation. */
export function FullCaptureSwitch() {
  const { on, error, available } = usePanel((s) => ({ on: s.fullCapture.on, error: s.fullCapture.error, available: s.fullCaptureAvailable }));
  const relay = useRelay();
  const t = useT();
  const [asking, setAsking] = useState(false);
  return (
    <span className="full-capture">
      <label className="tool-check" title={t('full.title')}>
        <input
          type="checkbox"
          data-testid="full-capture"
          checked={on}
          onChange={(e) => {
            if (e.target.checked) setAsking(true);
            else relay.setFullCapture(false);
          }}
        />
        {t('full.label')}
      </label>
      {error && !on && (
        <span className="full-capture-error" role="status" data-testid="full-capture-error">
          {error.code === 'detached' || error.code === 'refused' ? t(`full.error.${error.code}`, { detail: error.detail }) : t(`full.error.${error.code}`)}
        </span>
      )}
      {asking && (
        <div className="full-capture-dialog" role="dialog" aria-modal="true" aria-labelledby="full-capture-title" data-testid="full-capture-dialog">
          <h2 id="full-capture-title">{t('full.ask')}</h2>
          <p>{t.parts('full.explain', { full: <em key="full">{t('full.mark')}</em> })}</p>
          {available === false ? (
            <p data-testid="full-capture-unavailable">
              {t.parts('full.unavailable', {
                permission: <strong key="permission">debugger</strong>,
                command: <code key="command">npm run build:full</code>,
                load: <em key="load">{t('full.load')}</em>,
                folder: <code key="folder">.output/chrome-mv3-full</code>,
              })}
            </p>
          ) : (
            <ul>
              <li>{t('full.bar')}</li>
              <li>{t('full.cost')}</li>
              <li>{t('full.ends')}</li>
            </ul>
          )}
          <div className="dialog-buttons">
            <button type="button" className="tool-button bordered" data-testid="full-capture-cancel" onClick={() => setAsking(false)}>
              {available === false ? t('common.close') : t('common.cancel')}
            </button>
            {available !== false && (
              <button
                type="button"
                className="tool-button bordered primary"
                data-testid="full-capture-accept"
                autoFocus
                onClick={() => {
                  setAsking(false);
                  relay.setFullCapture(true);
                }}
              >
                {t('full.turnOn')}
              </button>
            )}
          </div>
        </div>
      )}
    </span>
  );
}
