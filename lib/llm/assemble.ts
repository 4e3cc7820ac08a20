/**
 * LLM streams: most SSE on the web carries model output. From one stream's captured events,
 * assembles what the model said — final text, reasoning/thinking, tool calls with their
 * arguments, finish reason, usage and model — and its pace (time to first token, tokens per
 * second), for the three documented wire formats:
 *   OpenAI Chat Completions  unnamed events of `chat.completion.chunk` objects, then `[DONE]`
 *   OpenAI Responses         named `response.*` events (`response.output_text.delta`, …)
 *   Anthropic Messages       named `message_start`, `content_block_*`, `message_delta`, `message_stop`
 * (OpenAI-compatible servers that add `reasoning_content` or `reasoning` to chat deltas are
 * read too.) Pure.
 */
import type { CapturedEvent } from '../protocol';

/** Which wire format a stream speaks. */
export type LlmApi = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** A tool call as the model made it (arguments as the streamed JSON text). */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What one LLM stream amounts to. */
export interface LlmAssembly {
  api: LlmApi;
  model: string | null;
  text: string;
  reasoning: string;
  toolCalls: LlmToolCall[];
  finishReason: string | null;
  usage: { input: number | null; output: number | null };
  /** Page times: the stream's start, its first token (text, reasoning or tool arguments), its last event. */
  startedAt: number;
  firstTokenAt: number | null;
  endedAt: number;
  ttftMs: number | null;
  /** Output tokens (the usage's, else the deltas counted) per second after the first token. */
  tokensPerSecond: number | null;
  /** Events of the stream that are not valid JSON for its format (counted, skipped). */
  problems: number;
}

const ANTHROPIC_TYPES = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping']);

/** The wire format one event belongs to, from its type and data alone (cheap: for badges). */
export function llmApiOf(event: Pick<CapturedEvent, 'type' | 'data'>): LlmApi | null {
  if (ANTHROPIC_TYPES.has(event.type) && event.type !== 'ping') return 'anthropic-messages';
  if (event.type.startsWith('response.') && event.data.includes('"type":"response.')) return 'openai-responses';
  if (event.data.includes('"chat.completion.chunk"')) return 'openai-chat';
  return null;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Assembles `events` (one stream, arrival order) whose stream opened at `openedAt`; null when it is not an LLM stream. */
export function assembleLlm(events: readonly CapturedEvent[], openedAt: number): LlmAssembly | null {
  const api = events.map(llmApiOf).find((a) => a !== null) ?? null;
  if (api === null) return null;
  const out: LlmAssembly = {
    api,
    model: null,
    text: '',
    reasoning: '',
    toolCalls: [],
    finishReason: null,
    usage: { input: null, output: null },
    startedAt: openedAt,
    firstTokenAt: null,
    endedAt: events.length ? events[events.length - 1]!.pageTime : openedAt,
    ttftMs: null,
    tokensPerSecond: null,
    problems: 0,
  };
  let deltas = 0;
  const token = (t: number) => {
    deltas += 1;
    out.firstTokenAt ??= t;
  };
  // Tool calls by their stream position (chat: `index`; responses: item id; anthropic: block index).
  const calls = new Map<string, LlmToolCall>();
  const call = (key: string, init?: Partial<LlmToolCall>) => {
    let found = calls.get(key);
    if (!found) {
      found = { id: '', name: '', arguments: '' };
      calls.set(key, found);
    }
    if (init?.id) found.id = init.id;
    if (init?.name) found.name = init.name;
    return found;
  };
  // Anthropic: what kind each content block is.
  const blocks = new Map<number, string>();

  for (const event of events) {
    if (api === 'openai-chat' && event.data.trim() === '[DONE]') continue;
    let data: Json | null;
    try {
      data = obj(JSON.parse(event.data));
    } catch {
      data = null;
    }
    if (data === null) {
      if (event.type !== 'ping') out.problems += 1;
      continue;
    }
    const t = event.pageTime;
    if (api === 'openai-chat') {
      out.model ??= str(data.model);
      const usage = obj(data.usage);
      if (usage) {
        out.usage.input = num(usage.prompt_tokens) ?? out.usage.input;
        out.usage.output = num(usage.completion_tokens) ?? out.usage.output;
      }
      for (const choice of Array.isArray(data.choices) ? data.choices : []) {
        const c = obj(choice);
        if (!c || (num(c.index) ?? 0) !== 0) continue;
        const delta = obj(c.delta) ?? {};
        const content = str(delta.content);
        if (content) {
          out.text += content;
          token(t);
        }
        const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning);
        if (reasoning) {
          out.reasoning += reasoning;
          token(t);
        }
        for (const part of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
          const p = obj(part);
          if (!p) continue;
          const fn = obj(p.function) ?? {};
          const entry = call(String(num(p.index) ?? 0), { id: str(p.id) ?? undefined, name: str(fn.name) ?? undefined });
          const args = str(fn.arguments);
          if (args) {
            entry.arguments += args;
            token(t);
          }
        }
        out.finishReason = str(c.finish_reason) ?? out.finishReason;
      }
    } else if (api === 'openai-responses') {
      const response = obj(data.response);
      if (response) {
        out.model = str(response.model) ?? out.model;
        const usage = obj(response.usage);
        if (usage) {
          out.usage.input = num(usage.input_tokens) ?? out.usage.input;
          out.usage.output = num(usage.output_tokens) ?? out.usage.output;
        }
        const status = str(response.status);
        if (status && status !== 'in_progress' && status !== 'queued') out.finishReason = status;
      }
      const type = str(data.type) ?? event.type;
      const delta = str(data.delta);
      if (type === 'response.output_text.delta' && delta) {
        out.text += delta;
        token(t);
      } else if ((type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta') && delta) {
        out.reasoning += delta;
        token(t);
      } else if (type === 'response.output_item.added' || type === 'response.output_item.done') {
        const item = obj(data.item);
        if (item && item.type === 'function_call') {
          const entry = call(str(item.id) ?? String(num(data.output_index)), { id: str(item.call_id) ?? str(item.id) ?? undefined, name: str(item.name) ?? undefined });
          const args = str(item.arguments);
          if (type === 'response.output_item.done' && args !== null) entry.arguments = args;
        }
      } else if (type === 'response.function_call_arguments.delta' && delta) {
        call(str(data.item_id) ?? String(num(data.output_index))).arguments += delta;
        token(t);
      } else if (type === 'response.function_call_arguments.done') {
        const args = str(data.arguments);
        if (args !== null) call(str(data.item_id) ?? String(num(data.output_index))).arguments = args;
      }
    } else {
      const type = str(data.type) ?? event.type;
      if (type === 'message_start') {
        const message = obj(data.message) ?? {};
        out.model = str(message.model) ?? out.model;
        const usage = obj(message.usage);
        if (usage) {
          out.usage.input = num(usage.input_tokens) ?? out.usage.input;
          out.usage.output = num(usage.output_tokens) ?? out.usage.output;
        }
      } else if (type === 'content_block_start') {
        const index = num(data.index) ?? 0;
        const block = obj(data.content_block) ?? {};
        const kind = str(block.type) ?? 'text';
        blocks.set(index, kind);
        if (kind === 'tool_use' || kind === 'server_tool_use') call(String(index), { id: str(block.id) ?? undefined, name: str(block.name) ?? undefined });
      } else if (type === 'content_block_delta') {
        const index = num(data.index) ?? 0;
        const delta = obj(data.delta) ?? {};
        const kind = str(delta.type);
        if (kind === 'text_delta' && str(delta.text)) {
          out.text += str(delta.text);
          token(t);
        } else if (kind === 'thinking_delta' && str(delta.thinking)) {
          out.reasoning += str(delta.thinking);
          token(t);
        } else if (kind === 'input_json_delta' && str(delta.partial_json) !== null) {
          call(String(index)).arguments += str(delta.partial_json);
          token(t);
        }
      } else if (type === 'message_delta') {
        out.finishReason = str(obj(data.delta)?.stop_reason) ?? out.finishReason;
        out.usage.output = num(obj(data.usage)?.output_tokens) ?? out.usage.output;
      }
    }
  }
  out.toolCalls = [...calls.values()];
  if (out.firstTokenAt !== null) {
    out.ttftMs = Math.max(0, out.firstTokenAt - out.startedAt);
    const seconds = (out.endedAt - out.firstTokenAt) / 1000;
    const tokens = out.usage.output ?? deltas;
    out.tokensPerSecond = seconds > 0 ? tokens / seconds : null;
  }
  return out;
}
