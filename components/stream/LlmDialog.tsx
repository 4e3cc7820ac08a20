/**
 * *Model output*: what an LLM stream amounts to — the final text, reasoning or thinking,
 * tool calls with their arguments, finish reason, usage and model — and its pace (time to
 * first token, tokens per second) on the stream's timeline. For OpenAI Chat Completions,
 * OpenAI Responses and Anthropic Messages streams (lib/llm).
 */
import { useMemo } from 'react';
import { assembleLlm } from '../../lib/llm/assemble';
import { usePanel } from '../use-panel';
import { useT } from '../i18n';

const WIDTH = 360;

/** The dialog for stream `streamId`; `onClose` hides it. */
export function LlmDialog({ streamId, onClose }: { streamId: string; onClose: () => void }) {
  const { events, stream } = usePanel((s) => ({ events: s.events, stream: s.streams.find((x) => x.id === streamId) ?? null }));
  const result = useMemo(
    () => assembleLlm(events.filter((e) => e.streamId === streamId), stream?.openedAt ?? events.find((e) => e.streamId === streamId)?.pageTime ?? 0),
    [events, streamId, stream],
  );
  const t = useT();
  const span = result ? Math.max(1, result.endedAt - result.startedAt) : 1;
  const x = (at: number) => (result ? ((at - result.startedAt) / span) * WIDTH : 0);
  return (
    <div className="dialog llm-dialog" role="dialog" aria-modal="true" aria-labelledby="llm-title" data-testid="llm-dialog">
      <h2 id="llm-title">{t('llm.title')}</h2>
      {!result ? (
        <p className="empty">{t('llm.notModel')}</p>
      ) : (
        <>
          <dl className="hub-decision">
            <dt>{t('llm.api')}</dt><dd data-testid="llm-api">{t(`llm.api.${result.api}`)}</dd>
            <dt>{t('llm.model')}</dt><dd className="mono" data-testid="llm-model">{result.model ?? '—'}</dd>
            <dt>{t('llm.finish')}</dt><dd className="mono" data-testid="llm-finish">{result.finishReason ?? t('llm.notFinished')}</dd>
            <dt>{t('llm.usage')}</dt><dd data-testid="llm-usage">{t('llm.usage.value', { input: result.usage.input ?? '?', output: result.usage.output ?? '?' })}</dd>
            <dt>{t('llm.firstToken')}</dt><dd data-testid="llm-ttft">{result.ttftMs === null ? '—' : t('llm.firstToken.value', { ms: Math.round(result.ttftMs) })}</dd>
            <dt>{t('llm.pace')}</dt><dd data-testid="llm-rate">{result.tokensPerSecond === null ? '—' : t('llm.pace.value', { rate: result.tokensPerSecond.toFixed(1) })}</dd>
            {result.problems > 0 && <><dt>{t('llm.unreadable')}</dt><dd className="error-text">{t('llm.unreadable.value', { count: result.problems })}</dd></>}
          </dl>
          <svg className="timeline" width={WIDTH} height={14} role="img" aria-label={t('llm.timeline')} data-testid="llm-timeline">
            <line x1={0} x2={WIDTH} y1={7} y2={7} className="timeline-axis" />
            {result.firstTokenAt !== null && (
              <rect x={x(result.firstTokenAt)} y={4} width={Math.max(1, x(result.endedAt) - x(result.firstTokenAt))} height={6} className="timeline-events">
                <title>{t('llm.tokens')}</title>
              </rect>
            )}
            {result.firstTokenAt !== null && (
              <line x1={x(result.firstTokenAt)} x2={x(result.firstTokenAt)} y1={0} y2={14} className="timeline-flags">
                <title>{t('llm.firstTokenAfter', { ms: Math.round(result.ttftMs ?? 0) })}</title>
              </line>
            )}
          </svg>
          {result.reasoning && (
            <>
              <h3>{t('llm.reasoning')}</h3>
              <pre className="mono raw" data-testid="llm-reasoning">{result.reasoning}</pre>
            </>
          )}
          <h3>{t('llm.text')}</h3>
          <pre className="mono raw" data-testid="llm-text">{result.text || t('llm.noText')}</pre>
          {result.toolCalls.length > 0 && (
            <>
              <h3>{t('llm.tools')}</h3>
              <table className="plain" data-testid="llm-tools">
                <thead><tr><th>{t('llm.tool.id')}</th><th>{t('llm.tool.name')}</th><th>{t('llm.tool.arguments')}</th></tr></thead>
                <tbody>
                  {result.toolCalls.map((call, i) => (
                    <tr key={i} data-testid="llm-tool">
                      <td className="mono">{call.id}</td>
                      <td className="mono" data-testid="llm-tool-name">{call.name}</td>
                      <td className="mono" data-testid="llm-tool-args">{call.arguments}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" className="tool-button bordered" data-testid="llm-close" onClick={onClose}>{t('common.close')}</button>
      </div>
    </div>
  );
}
