import { describe, expect, it } from 'vitest';
import { assembleLlm, llmApiOf } from '../../../lib/llm/assemble';
import type { CapturedEvent } from '../../../lib/protocol';
// @ts-expect-error -- the hub app's fixtures are plain ES modules
import { ANSWER, anthropicFrames, chatCompletionFrames, responsesFrames } from '../../fixtures/hub-app/llm.mjs';

/** Frames as the relay captures them: one event per frame, 10 ms apart from t = 1,000. */
function captured(frames: string[]): CapturedEvent[] {
  return frames.map((frame, i) => {
    const type = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
    const data = /^data: (.*)$/m.exec(frame)![1]!;
    return { id: i + 1, key: `s#${i + 1}`, streamId: 's', seq: i + 1, source: 'fetch', type, data, lastEventId: '', size: data.length, truncated: false, pageTime: 1_000 + 10 * (i + 1), hubTime: 0, flags: 0 };
  });
}

const expected = (api: string, finishReason: string) => ({
  api,
  model: ANSWER.model,
  text: ANSWER.text.join(''),
  reasoning: ANSWER.reasoning.join(''),
  toolCalls: [{ id: ANSWER.tool.id, name: ANSWER.tool.name, arguments: ANSWER.tool.args.join('') }],
  finishReason,
  usage: { input: ANSWER.usage.input, output: ANSWER.usage.output },
  problems: 0,
});

describe('LLM stream assembly', () => {
  it('assembles an OpenAI Chat Completions stream: text, reasoning, tool call, finish, usage, model, pace', () => {
    const events = captured(chatCompletionFrames());
    const result = assembleLlm(events, 1_000)!;
    expect(result).toMatchObject(expected('openai-chat', 'tool_calls'));
    // First token: the first reasoning delta (frame 2); last event: [DONE].
    expect(result.ttftMs).toBe(20);
    expect(result.endedAt).toBe(events.at(-1)!.pageTime);
    expect(result.tokensPerSecond).toBeCloseTo(ANSWER.usage.output / ((result.endedAt - 1_020) / 1000));
  });

  it('assembles an OpenAI Responses stream', () => {
    expect(assembleLlm(captured(responsesFrames()), 1_000)).toMatchObject(expected('openai-responses', 'completed'));
  });

  it('assembles an Anthropic Messages stream with thinking and a tool use', () => {
    expect(assembleLlm(captured(anthropicFrames()), 1_000)).toMatchObject(expected('anthropic-messages', 'tool_use'));
  });

  it('says nothing of ordinary streams, and counts what does not parse', () => {
    const plain = captured(['event: card.updated\ndata: {"eventType":"card.updated"}\n\n']);
    expect(llmApiOf(plain[0]!)).toBeNull();
    expect(assembleLlm(plain, 0)).toBeNull();
    const broken = captured([...chatCompletionFrames().slice(0, 3), 'data: {not json\n\n']);
    expect(assembleLlm(broken, 1_000)!.problems).toBe(1);
  });
});
