/**
 * The paired differences of the two arms and their outcomes, as HTML tables
 * (`table[data-table="differences"]`, then `table[data-table="outcomes"]`): the key outcomes first,
 * then every other outcome of the summary. A difference whose 95% interval excludes 0 is marked.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DifferenceRow, OutcomeRow } from '../../experiments/compare.ts';
import { KEY_COMPARE_OUTCOMES } from '../../report/compareReport.ts';
import type { Lang } from '../../report/i18n.ts';
import { intervalText, outcomeLabel } from '../../report/outcomeText.ts';
import type { Tables } from './results.ts';
import { w } from './words.ts';

/** Key outcomes first, then the rest in summary order. */
export function outcomeOrder(outcomes: readonly string[]): string[] {
  const keys = KEY_COMPARE_OUTCOMES.filter((o) => outcomes.includes(o));
  return [...keys, ...outcomes.filter((o) => !keys.includes(o))];
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function cell(lang: Lang, outcome: string, r: OutcomeRow | DifferenceRow | undefined, signed = false): string {
  if (!r || r.n === 0) return '–';
  return intervalText(lang, outcome, finiteOrNull(r.mean), finiteOrNull(r.lo), finiteOrNull(r.hi), signed);
}

/**
 * Both tables; rows past the key outcomes are hidden (still in the page) unless `all`.
 */
export function tablesView(tables: Tables, lang: Lang, all: boolean, setAll: (all: boolean) => void): TemplateResult {
  const outcomes = outcomeOrder([...new Set(tables.outcomes.map((r) => r.outcome))]);
  const row = (outcome: string, arm: string) => tables.outcomes.find((r) => r.outcome === outcome && r.arm === arm);
  const diff = (outcome: string) => tables.differences.find((r) => r.outcome === outcome);
  const keyCount = KEY_COMPARE_OUTCOMES.filter((o) => outcomes.includes(o)).length;
  return html`
    <label class="inline all-outcomes"><input type="checkbox" data-control="all-outcomes" .checked=${all} @change=${(e: Event) => setAll((e.target as HTMLInputElement).checked)} /> ${w(lang, 'allOutcomes', { n: outcomes.length })}</label>
    <h3>${w(lang, 'differences')}</h3>
    <p class="meta">${w(lang, 'differencesNote')}</p>
    <div class="table-wrap">
      <table data-table="differences">
        <thead><tr><th scope="col">${w(lang, 'outcome')}</th><th scope="col" class="num">${w(lang, 'difference')}</th><th scope="col" class="num">${w(lang, 'pairs')}</th><th scope="col">${w(lang, 'clear')}</th></tr></thead>
        <tbody>
          ${outcomes.map((o, i) => {
            const d = diff(o);
            return html`<tr data-outcome=${o} class="${d?.clear ? 'clear' : ''} ${i === keyCount ? 'first-other' : ''}" ?hidden=${!all && i >= keyCount}>
              <th scope="row">${outcomeLabel(lang, o)}</th>
              <td class="num" data-difference>${cell(lang, o, d, true)}</td>
              <td class="num">${d?.n ?? 0}</td>
              <td>${d?.clear ? html`<strong>${w(lang, 'clearMark')}</strong>` : nothing}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    <h3>${w(lang, 'outcomes')}</h3>
    <p class="meta">${w(lang, 'outcomesNote')}</p>
    <div class="table-wrap">
      <table data-table="outcomes">
        <thead><tr><th scope="col">${w(lang, 'outcome')}</th><th scope="col" class="num">${w(lang, 'baseline')}</th><th scope="col" class="num">${w(lang, 'variant')}</th></tr></thead>
        <tbody>
          ${outcomes.map(
            (o, i) => html`<tr data-outcome=${o} class=${i === keyCount ? 'first-other' : ''} ?hidden=${!all && i >= keyCount}>
              <th scope="row">${outcomeLabel(lang, o)}</th>
              <td class="num" data-arm="baseline">${cell(lang, o, row(o, 'baseline'))}</td>
              <td class="num" data-arm="variant">${cell(lang, o, row(o, 'variant'))}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
