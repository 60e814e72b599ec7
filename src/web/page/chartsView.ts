/**
 * Drawing Vega-Lite specs into the page's chart containers (`[data-chart="<name>"]`) with
 * vega-embed, SVG renderer. A container is redrawn only when its spec changed; while one
 * drawing is in progress, only the latest spec asked for is kept for next.
 */
import embed, { type Result } from 'vega-embed';
import type { TopLevelSpec } from '../../report/charts/common.ts';
import type { Lang } from '../../report/i18n.ts';

interface Slot {
  key: string;
  result?: Result;
  drawing: boolean;
  next?: { spec: TopLevelSpec; key: string };
}

const MENU: Record<Lang, Record<string, string>> = {
  en: {},
  zh: { CLICK_TO_VIEW_ACTIONS: '点击查看操作', SVG_ACTION: '保存为 SVG', PNG_ACTION: '保存为 PNG', SOURCE_ACTION: '查看源代码', COMPILED_ACTION: '查看 Vega 规范', EDITOR_ACTION: '在 Vega 编辑器中打开' },
};

export class ChartDrawer {
  private readonly slots = new WeakMap<HTMLElement, Slot>();
  /** Drawings finished, for tests and timings. */
  drawn = 0;

  constructor(private readonly lang: () => Lang) {}

  /** Draw `spec` into `container` unless it already shows it. */
  show(container: HTMLElement, spec: TopLevelSpec): void {
    const key = JSON.stringify(spec);
    let slot = this.slots.get(container);
    if (!slot) {
      slot = { key: '', drawing: false };
      this.slots.set(container, slot);
    }
    if (slot.drawing) {
      slot.next = { spec, key };
      return;
    }
    if (slot.key === key && container.querySelector('svg')) return;
    void this.draw(container, slot, spec, key);
  }

  private async draw(container: HTMLElement, slot: Slot, spec: TopLevelSpec, key: string): Promise<void> {
    slot.drawing = true;
    slot.key = key;
    try {
      slot.result?.finalize();
      slot.result = await embed(container, spec as never, {
        renderer: 'svg',
        actions: { export: true, source: false, compiled: false, editor: false },
        i18n: MENU[this.lang()],
      });
      this.drawn++;
    } catch (err) {
      container.textContent = `chart error: ${(err as Error).message}`;
    } finally {
      slot.drawing = false;
    }
    const next = slot.next;
    slot.next = undefined;
    if (next && next.key !== slot.key) await this.draw(container, slot, next.spec, next.key);
  }

  /** Forget a container that left the page. */
  clear(container: HTMLElement): void {
    this.slots.get(container)?.result?.finalize();
    this.slots.delete(container);
  }
}
