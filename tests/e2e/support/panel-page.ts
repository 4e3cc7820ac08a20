/**
 * Page object for the SSE Hub panel, whether opened as a tab or inside DevTools:
 * it reads what a user sees (rows, streams, counters) through stable test ids.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** A row of the event table as the user reads it. */
export interface EventRowView {
  type: string;
  id: string;
  data: string;
  source: string;
}

/** A row of the streams table. */
export interface StreamRowView {
  transport: string;
  state: string;
  events: number;
  reconnects: number;
}

/** The panel UI. */
export class PanelPage {
  constructor(
    readonly page: Page,
    private readonly root: Page | FrameLocator = page,
  ) {}

  locator(selector: string): Locator {
    return this.root.locator(selector);
  }

  byTestId(id: string): Locator {
    return this.root.locator(`[data-testid="${id}"]`);
  }

  /** Total events the toolbar reports. */
  async eventCount(): Promise<number> {
    const text = (await this.byTestId('event-count').textContent()) ?? '';
    return Number(/^(\d+)/.exec(text)?.[1] ?? NaN);
  }

  /** Waits until the toolbar reports at least `n` events. */
  async waitForEventCount(n: number, timeout = 20_000): Promise<number> {
    const deadline = Date.now() + timeout;
    let count = await this.eventCount();
    while (count < n) {
      if (Date.now() > deadline) throw new Error(`Panel shows ${count} events, expected at least ${n}`);
      await this.page.waitForTimeout(50);
      count = await this.eventCount();
    }
    return count;
  }

  /** The rendered event rows (the table is virtualised: only those in view). */
  async visibleRows(): Promise<EventRowView[]> {
    return this.byTestId('event-row').evaluateAll((rows) =>
      rows
        .map((row) => ({
          top: Number(/translateY\(([\d.]+)px\)/.exec((row as HTMLElement).style.transform)?.[1] ?? 0),
          type: row.querySelector('[data-testid="event-type"]')?.textContent ?? '',
          id: row.querySelector('[data-testid="event-id"]')?.textContent ?? '',
          data: row.querySelector('[data-testid="event-data"]')?.textContent ?? '',
          source: (row as HTMLElement).dataset.source ?? '',
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ top: _top, ...rest }) => rest),
    );
  }

  /**
   * Scrolls the table from the top, a view at a time (the table is virtualised: a row far
   * from the view is not in the DOM), calling `visit` once each step has rendered, until it
   * returns true (then true) or the end is reached (then false).
   */
  private async scrollDown(visit: () => Promise<boolean>): Promise<boolean> {
    const scroller = this.locator('.event-scroller');
    await scroller.evaluate((el) => (el.scrollTop = 0));
    for (let guard = 0; guard < 10_000; guard++) {
      // The rows follow the scroll position on the next frame: wait for two, not for a fixed time.
      await scroller.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      if (await visit()) return true;
      const atEnd = await scroller.evaluate((el) => {
        const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
        el.scrollTop += el.clientHeight - 21;
        return end;
      });
      if (atEnd) return false;
    }
    return false;
  }

  /** Every row, collected by scrolling the table from the top. */
  async allRows(): Promise<EventRowView[]> {
    const seen = new Map<string, EventRowView>();
    await this.scrollDown(async () => {
      const rows = await this.byTestId('event-row').evaluateAll((els) =>
        els.map((row) => ({
          top: Number(/translateY\(([\d.]+)px\)/.exec((row as HTMLElement).style.transform)?.[1] ?? 0),
          type: row.querySelector('[data-testid="event-type"]')?.textContent ?? '',
          id: row.querySelector('[data-testid="event-id"]')?.textContent ?? '',
          data: row.querySelector('[data-testid="event-data"]')?.textContent ?? '',
          source: (row as HTMLElement).dataset.source ?? '',
        })),
      );
      for (const { top, ...row } of rows) seen.set(String(top), row);
      return false;
    });
    return [...seen.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, row]) => row);
  }

  /** Scrolls the table from the top until a row matching `selector` is rendered, and returns its locator. */
  async revealRow(selector: string): Promise<Locator> {
    const row = this.locator(selector).first();
    if (!(await this.scrollDown(async () => (await row.count()) > 0))) throw new Error(`No event row matches ${selector}`);
    return row;
  }

  async streams(): Promise<StreamRowView[]> {
    return this.byTestId('stream-row').evaluateAll((rows) =>
      rows.map((row) => ({
        transport: row.querySelector('[data-testid="stream-transport"]')?.textContent ?? '',
        state: row.querySelector('[data-testid="stream-state"]')?.textContent ?? '',
        events: Number(row.querySelector('[data-testid="stream-events"]')?.textContent ?? NaN),
        reconnects: Number(row.querySelector('[data-testid="stream-reconnects"]')?.textContent ?? NaN),
      })),
    );
  }

  /** Text of a counted error, or null when that counter is not shown. */
  async counter(key: string): Promise<string | null> {
    const el = this.byTestId(`count-${key}`);
    return (await el.count()) > 0 ? await el.textContent() : null;
  }
}
