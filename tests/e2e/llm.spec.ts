import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the hub app's fixtures are plain ES modules
import { ANSWER } from '../fixtures/hub-app/llm.mjs';
import { hubUrl } from './support/hub-app';
import type { PanelPage } from './support/panel-page';
import { useBrowser } from './support/use-browser';

type SdkResult = { api: string; text: string; tool: string; args: string; finish: string | null };

/** Opens the model-output dialog from the first row matching `selector`. */
async function assemble(panel: PanelPage, selector: string): Promise<Record<string, string>> {
  await (await panel.revealRow(selector)).click();
  await panel.byTestId('llm-assemble').click();
  await panel.byTestId('llm-dialog').waitFor();
  const read = async (id: string) => (await panel.byTestId(id).textContent()) ?? '';
  const out = {
    api: await read('llm-api'),
    model: await read('llm-model'),
    finish: await read('llm-finish'),
    usage: await read('llm-usage'),
    text: await read('llm-text'),
    reasoning: await read('llm-reasoning'),
    tool: await read('llm-tool-name'),
    args: await read('llm-tool-args'),
    ttft: await read('llm-ttft'),
    rate: await read('llm-rate'),
  };
  await panel.byTestId('llm-close').click();
  return out;
}

describe('LLM streams', () => {
  const browser = useBrowser();

  it('assembles what the real openai and @anthropic-ai/sdk clients streamed, as the SDKs did', async () => {
    const { page, tabId } = await browser().newTab();
    const panel = await browser().openPanel(tabId);
    await page.goto(hubUrl('/llm.html'));
    await page.waitForFunction(() => (window as unknown as { __llm: { done: boolean } }).__llm.done, undefined, { timeout: 30_000 });
    const sdk = await page.evaluate(() => (window as unknown as { __llm: { results: SdkResult[] } }).__llm.results);
    // The SDKs themselves read our fixtures as their documented formats.
    expect(sdk.map((r) => [r.api, r.text, r.tool])).toEqual([
      ['openai-chat', ANSWER.text.join(''), ANSWER.tool.name],
      ['openai-responses', ANSWER.text.join(''), ANSWER.tool.name],
      ['anthropic-messages', ANSWER.text.join(''), ANSWER.tool.name],
    ]);
    // The page got exactly what it would without the extension: the SDKs parsed every delta.
    expect(sdk.map((r) => r.args)).toEqual([ANSWER.tool.args.join(''), ANSWER.tool.args.join(''), JSON.stringify(JSON.parse(ANSWER.tool.args.join('')))]);

    const common = { model: ANSWER.model, text: ANSWER.text.join(''), reasoning: ANSWER.reasoning.join(''), tool: ANSWER.tool.name, args: ANSWER.tool.args.join(''), usage: `${ANSWER.usage.input} in, ${ANSWER.usage.output} out` };
    await panel.locator('[data-testid="event-row"][data-type="message_stop"]').waitFor();
    expect(await assemble(panel, '[data-testid="event-row"][data-type="message"]')).toMatchObject({ ...common, api: 'OpenAI Chat Completions', finish: 'tool_calls', ttft: expect.stringMatching(/^\d+ ms after/), rate: expect.stringMatching(/tokens\/s$/) });
    expect(await assemble(panel, '[data-testid="event-row"][data-type="response.output_text.delta"]')).toMatchObject({ ...common, api: 'OpenAI Responses', finish: 'completed' });
    expect(await assemble(panel, '[data-testid="event-row"][data-type="content_block_delta"]')).toMatchObject({ ...common, api: 'Anthropic Messages', finish: 'tool_use' });
    await Promise.all([panel.page.close(), page.close()]);
  });
});
