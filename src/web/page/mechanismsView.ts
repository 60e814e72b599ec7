/**
 * "Which mechanism made this?" on the page: a switch per mechanism of the model
 * (src/model/mechanisms.ts). Switching one off sets, in the variant, the parameter values that
 * knock it out — the same values `govbuy compare PLACE --knock-out ID` uses — so the differences
 * table shows what that mechanism contributes in the place. They are ordinary changes of the
 * variant: marked on their controls, kept in the link, in the downloaded file and in the copied
 * command. A switch shows "off" while every one of its values is in the variant.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { MECHANISMS, type Mechanism } from '../../model/mechanisms.ts';
import type { Lang } from '../../report/i18n.ts';
import { sameValue } from './controls.ts';
import { w } from './words.ts';

export interface MechanismActions {
  knockOut(id: string, off: boolean): void;
}

/** Whether the variant runs without `m`: each of its knock-out values is the variant's value. */
export function isKnockedOut(m: Mechanism, variantValue: (path: string) => unknown): boolean {
  return Object.entries(m.switchOff).every(([path, value]) => sameValue(variantValue(path), value));
}

/** The changes that switch `m` off (its values) or back on (each path to the place's value). */
export function knockOutChanges(m: Mechanism, off: boolean): [string, unknown][] {
  return Object.entries(m.switchOff).map(([path, value]) => [path, off ? value : undefined]);
}

export function mechanismsView(variantValue: (path: string) => unknown, lang: Lang, act: MechanismActions): TemplateResult {
  const off = MECHANISMS.filter((m) => isKnockedOut(m, variantValue));
  return html`<details class="section mechanisms ${off.length > 0 ? 'changed' : ''}" ?open=${off.length > 0} data-section="mechanisms">
    <summary>${w(lang, 'mechanisms')}${off.length > 0 ? html` <span class="mark changed">${w(lang, 'mechanismsOff', { n: off.length })}</span>` : nothing}</summary>
    <p class="doc">${w(lang, 'mechanismsNote')}</p>
    <ul class="mechanism-list">
      ${MECHANISMS.map((m) => {
        const id = `mechanism-${m.id}`;
        return html`<li class="control ${off.includes(m) ? 'changed' : ''}">
          <input type="checkbox" id=${id} data-mechanism=${m.id} .checked=${off.includes(m)}
            @change=${(e: Event) => act.knockOut(m.id, (e.target as HTMLInputElement).checked)} />
          <label for=${id}>${w(lang, 'mechanismWithout', { name: lang === 'zh' ? m.nameZh : m.name })}</label>
          <p class="doc">${lang === 'zh' ? m.howZh : m.how} <span class="meta">(ODD §${m.odd})</span></p>
        </li>`;
      })}
    </ul>
  </details>`;
}
