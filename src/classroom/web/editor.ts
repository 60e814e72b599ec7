/**
 * The package editor: one control per lever (a switch, a choice or a slider), grouped as the
 * levers' sections, dependent levers greyed while their switch is off, and the package's
 * estimated cost against the budget, updated as the group moves the controls (cost.ts, the
 * same estimate the server checks).
 */
import { packageCost } from '../cost.ts';
import type { Lever, LeverValue, PackageValues } from '../levers.ts';
import { formatLeverValue } from '../packageText.ts';
import { formatCriterion } from '../criteria.ts';
import { esc, state, t } from './app.ts';

export class Editor {
  values: PackageValues = {};
  /** The package the server last gave; the editor is "dirty" while it differs. */
  private loaded: PackageValues = {};

  constructor(
    private readonly root: HTMLElement,
    private readonly onChange: () => void = () => undefined,
  ) {
    root.addEventListener('input', (e) => this.input(e.target as HTMLInputElement));
    root.addEventListener('change', (e) => this.input(e.target as HTMLInputElement));
  }

  get dirty(): boolean {
    return JSON.stringify(this.values) !== JSON.stringify(this.loaded);
  }

  /** Show `values` (from the server); local changes are dropped. */
  load(values: PackageValues): void {
    this.loaded = { ...values };
    this.values = { ...values };
    this.render();
  }

  /** The package's estimated cost a year, and the budget. */
  cost(): { total: number; budget: number; items: { label: string; yearly: number }[] } {
    const wel = state.welcome!;
    const c = packageCost(wel.place, this.values);
    return { total: c.total, budget: state.pub?.settings.budget ?? Infinity, items: c.items.map((i) => ({ label: i.label[state.lang], yearly: i.yearly })) };
  }

  get overBudget(): boolean {
    const c = this.cost();
    return c.total > c.budget + 1e-6;
  }

  private lever(path: string): Lever | undefined {
    return state.welcome?.levers.find((l) => l.path === path);
  }

  private input(el: HTMLInputElement | HTMLSelectElement): void {
    const path = el.dataset?.path;
    const l = path ? this.lever(path) : undefined;
    if (!l) return;
    let v: LeverValue;
    if (l.kind === 'boolean') v = (el as HTMLInputElement).checked;
    else if (l.kind === 'choice') v = el.value;
    else v = l.kind === 'integer' ? Math.round(Number(el.value)) : Number(Number(el.value).toPrecision(6));
    this.values = { ...this.values, [l.path]: v };
    this.refresh();
    this.onChange();
  }

  private control(l: Lever): string {
    const v = this.values[l.path];
    const attrs = `data-path="${esc(l.path)}" aria-label="${esc(l.label[state.lang])}"`;
    if (l.kind === 'boolean') return `<input type="checkbox" ${attrs}${v === true ? ' checked' : ''}>`;
    if (l.kind === 'choice')
      return `<select ${attrs}>${(l.options ?? []).map((o) => `<option value="${esc(o)}"${o === v ? ' selected' : ''}>${esc(formatLeverValue(state.lang, l, o))}</option>`).join('')}</select>`;
    return `<input type="range" ${attrs} min="${l.min}" max="${l.max}" step="${l.step}" value="${typeof v === 'number' ? v : l.min}">`;
  }

  render(): void {
    const wel = state.welcome;
    if (!wel) return;
    const sections = [...new Set(wel.levers.map((l) => l.section))];
    this.root.innerHTML =
      sections
        .map((s) => {
          const rows = wel.levers
            .filter((l) => l.section === s)
            .map((l) => `<div class="lever" data-lever="${esc(l.path)}"><label title="${esc(l.description[state.lang])}">${esc(l.label[state.lang])}</label><span class="control">${this.control(l)}</span><span class="value"></span></div>`);
          return `<fieldset><legend>${esc(wel.sections[s]?.[state.lang] ?? s)}</legend>${rows.join('')}</fieldset>`;
        })
        .join('') + '<div class="cost"></div>';
    this.refresh();
  }

  /** Update the value labels, the greyed levers and the cost without rebuilding the controls. */
  private refresh(): void {
    const wel = state.welcome!;
    for (const l of wel.levers) {
      const row = this.root.querySelector<HTMLElement>(`[data-lever="${CSS.escape(l.path)}"]`);
      if (!row) continue;
      row.querySelector('.value')!.textContent = l.kind === 'boolean' || l.kind === 'choice' ? '' : formatLeverValue(state.lang, l, this.values[l.path]);
      row.classList.toggle('off', !!l.requires && this.values[l.requires] !== true);
      row.classList.toggle('changed', this.values[l.path] !== wel.baseline[l.path]);
    }
    const c = this.cost();
    const el = this.root.querySelector<HTMLElement>('.cost');
    if (!el) return;
    const money = (x: number) => esc(formatCriterion(state.lang, 'cost', x));
    const share = c.budget > 0 ? Math.min(100, (100 * c.total) / c.budget) : 100;
    const over = c.total > c.budget + 1e-6;
    el.innerHTML = [
      `<p><strong>${esc(t('costOf', { cost: formatCriterion(state.lang, 'cost', c.total), budget: formatCriterion(state.lang, 'cost', c.budget) }))}</strong></p>`,
      `<div class="budget${over ? ' over' : ''}"><div style="width:${share.toFixed(1)}%"></div></div>`,
      over ? `<p class="clear-down">${esc(t('overBudget', { over: formatCriterion(state.lang, 'cost', c.total - c.budget) }))}</p>` : '',
      `<details><summary>${t('costItems')}</summary><ul>${c.items.map((i) => `<li>${esc(i.label)}: ${money(i.yearly)}</li>`).join('')}<li class="muted">${t('free')}: ${esc(wel.levers.filter((l) => ['payments', 'evaluation', 'contracts', 'transfer', 'payStandard'].includes(l.section)).map((l) => wel.sections[l.section]?.[state.lang] ?? l.section).filter((x, i, a) => a.indexOf(x) === i).join(', '))}</li></ul></details>`,
    ].join('');
  }
}
