/**
 * *Model output*: what an LLM stream amounts to — the final text, reasoning or thinking,
 * tool calls with their arguments, finish reason, usage and model — and its pace (time to
 * first token, tokens per second) on the stream's timeline. For OpenAI Chat Completions,
 * OpenAI Responses and Anthropic Messages streams (lib/llm).
 */
import { useMemo } from 'react';
import { assembleLlm, type LlmApi } from '../../lib/llm/assemble';
import { usePanel } from '../use-panel';

const API_NAMES: Record<LlmApi, string> = {
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  'anthropic-messages': 'Anthropic Messages',
};

const WIDTH = 360;

/** The dialog for stream `streamId`; `onClose` hides it. */
export function LlmDialog({ streamId, onClose }: { streamId: string; onClose: () => void }) {
  const { events, stream, version } = usePanel((s) => ({ events: s.events, stream: s.streams.find((x) => x.id === streamId) ?? null, version: s.eventsVersion }));
  const result = useMemo(
    () => assembleLlm(events.filter((e) => e.streamId === streamId), stream?.openedAt ?? events.find((e) => e.streamId === streamId)?.pageTime ?? 0),
    // `events` is mutated in place; the version says when it changed.
    [events, streamId, stream, version],
  );
  const span = result ? Math.max(1, result.endedAt - result.startedAt) : 1;
  const x = (t: number) => (result ? ((t - result.startedAt) / span) * WIDTH : 0);
  return (
    <div className="dialog llm-dialog" role="dialog" aria-modal="true" aria-labelledby="llm-title" data-testid="llm-dialog">
      <h2 id="llm-title">Model output</h2>
      {!result ? (
        <p className="empty">This stream is not an OpenAI or Anthropic model stream.</p>
      ) : (
        <>
          <dl className="hub-decision">
            <dt>API</dt><dd data-testid="llm-api">{API_NAMES[result.api]}</dd>
            <dt>Model</dt><dd className="mono" data-testid="llm-model">{result.model ?? '—'}</dd>
            <dt>Finish reason</dt><dd className="mono" data-testid="llm-finish">{result.finishReason ?? '— (not finished)'}</dd>
            <dt>Usage</dt><dd data-testid="llm-usage">{result.usage.input ?? '?'} in, {result.usage.output ?? '?'} out</dd>
            <dt>First token</dt><dd data-testid="llm-ttft">{result.ttftMs === null ? '—' : `${Math.round(result.ttftMs)} ms after the stream started`}</dd>
            <dt>Pace</dt><dd data-testid="llm-rate">{result.tokensPerSecond === null ? '—' : `${result.tokensPerSecond.toFixed(1)} tokens/s`}</dd>
            {result.problems > 0 && <><dt>Unreadable</dt><dd className="error-text">{result.problems} events did not parse</dd></>}
          </dl>
          <svg className="timeline" width={WIDTH} height={14} role="img" aria-label="Stream start, first token and end" data-testid="llm-timeline">
            <line x1={0} x2={WIDTH} y1={7} y2={7} className="timeline-axis" />
            {result.firstTokenAt !== null && (
              <rect x={x(result.firstTokenAt)} y={4} width={Math.max(1, x(result.endedAt) - x(result.firstTokenAt))} height={6} className="timeline-events">
                <title>Tokens</title>
              </rect>
            )}
            {result.firstTokenAt !== null && (
              <line x1={x(result.firstTokenAt)} x2={x(result.firstTokenAt)} y1={0} y2={14} className="timeline-flags">
                <title>{`First token after ${Math.round(result.ttftMs ?? 0)} ms`}</title>
              </line>
            )}
          </svg>
          {result.reasoning && (
            <>
              <h3>Reasoning / thinking</h3>
              <pre className="mono raw" data-testid="llm-reasoning">{result.reasoning}</pre>
            </>
          )}
          <h3>Text</h3>
          <pre className="mono raw" data-testid="llm-text">{result.text || '(none)'}</pre>
          {result.toolCalls.length > 0 && (
            <>
              <h3>Tool calls</h3>
              <table className="plain" data-testid="llm-tools">
                <thead><tr><th>Id</th><th>Name</th><th>Arguments</th></tr></thead>
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
        <button type="button" className="tool-button bordered" data-testid="llm-close" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
