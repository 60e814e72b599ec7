/**
 * The levers: one labelled control per parameter (controls.ts), grouped by section, each with
 * its doc text (in Chinese from scenario/parameterDocsZh.ts), source or assumption mark, default and the place's value; a changed control is
 * marked and has a Reset button. Every control's native <input> or <select> carries
 * `data-param="<dotted path>"`, in the schema's units.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { parse as parseYaml } from 'yaml';
import { formatValue } from '../../report/assumptions.ts';
import { wordLabel, type Lang } from '../../report/i18n.ts';
import { parameterDoc } from '../../scenario/parameterDocsZh.ts';
import { bySection, type Control } from './controls.ts';
import { w, type WordKey } from './words.ts';

export interface LeverActions {
  set(path: string, value: unknown): void;
  reset(path: string): void;
}

const idOf = (path: string) => `param-${path.replace(/[^\w-]/g, '_')}`;

/** The scenario file's other sections, by their key. */
const SECTION_WORDS: Readonly<Record<string, WordKey>> = {
  region: 'sectionRegion',
  labour: 'sectionLabour',
  organizations: 'sectionOrganizations',
  governments: 'sectionGovernments',
  committees: 'sectionCommittees',
  residents: 'sectionResidents',
  domains: 'sectionDomains',
};

/** Section titles: the lever's or section's name and its key in the scenario file (the key alone for one without a name, the name alone when it is the key). */
export function sectionTitle(lang: Lang, section: string): string {
  if (section === '') return w(lang, 'run');
  const lever = section.startsWith('policies.') ? section.slice('policies.'.length) : undefined;
  const label = lever !== undefined ? wordLabel(lang, 'lever', lever) : SECTION_WORDS[section] && w(lang, SECTION_WORDS[section]);
  if (!label || label === lever) return section;
  return label.toLowerCase() === section ? label : `${label} (${section})`;
}

/** A number from an input's text; null for an empty nullable field; undefined when not a number. */
function readNumber(text: string, c: Control): number | null | undefined {
  const t = text.trim();
  if (t === '') return c.nullable ? null : undefined;
  const x = Number(t);
  if (!Number.isFinite(x) || (c.integer && !Number.isInteger(x))) return undefined;
  return x;
}

/** Input events come fast while a slider moves: apply the last one after a short pause. */
const timers = new Map<string, number>();
function soon(path: string, apply: () => void): void {
  clearTimeout(timers.get(path));
  timers.set(path, setTimeout(() => {
    timers.delete(path);
    apply();
  }, 120) as unknown as number);
}

function input(c: Control, lang: Lang, act: LeverActions): TemplateResult {
  const id = idOf(c.path);
  switch (c.kind) {
    case 'switch':
      return html`<input type="checkbox" role="switch" id=${id} data-param=${c.path} .checked=${c.value === true} @change=${(e: Event) => act.set(c.path, (e.target as HTMLInputElement).checked)} />`;
    case 'choice':
      return html`<select id=${id} data-param=${c.path} @change=${(e: Event) => act.set(c.path, (e.target as HTMLSelectElement).value)}>
        ${c.options!.map((o) => html`<option value=${o} ?selected=${c.value === o}>${o}</option>`)}
      </select>`;
    case 'choices': {
      const chosen = Array.isArray(c.value) ? (c.value as unknown[]) : [];
      return html`<select multiple id=${id} data-param=${c.path} size=${Math.min(6, c.options!.length)} @change=${(e: Event) => act.set(c.path, [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value))}>
        ${c.options!.map((o) => html`<option value=${o} ?selected=${chosen.includes(o)}>${o}</option>`)}
      </select>`;
    }
    case 'number': {
      const apply = (text: string) => {
        const x = readNumber(text, c);
        if (x !== undefined) act.set(c.path, x);
      };
      const value = typeof c.value === 'number' ? String(c.value) : '';
      return html`<span class="number">
        ${c.slider
          ? html`<input type="range" tabindex="-1" aria-hidden="true" min=${c.slider.min} max=${c.slider.max} step=${c.slider.step} .value=${value === '' ? String(c.slider.min) : value} @input=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value;
              const box = (e.target as HTMLElement).nextElementSibling as HTMLInputElement | null;
              if (box) box.value = text;
              soon(c.path, () => apply(text));
            }} />`
          : nothing}
        <input type="number" id=${id} data-param=${c.path} step=${c.integer ? 1 : (c.slider?.step ?? 'any')} min=${c.min ?? nothing} max=${c.max ?? nothing} placeholder=${c.nullable ? w(lang, 'none') : ''} .value=${value}
          @input=${(e: Event) => soon(c.path, () => apply((e.target as HTMLInputElement).value))} @change=${(e: Event) => apply((e.target as HTMLInputElement).value)} />
      </span>`;
    }
    case 'value': {
      const apply = (text: string) => {
        try {
          act.set(c.path, parseYaml(text));
        } catch {
          /* left as typed until it reads as YAML */
        }
      };
      return html`<input type="text" id=${id} data-param=${c.path} title=${w(lang, 'valueHint')} .value=${JSON.stringify(c.value) ?? ''} @change=${(e: Event) => apply((e.target as HTMLInputElement).value)} />`;
    }
  }
}

function meta(c: Control, lang: Lang): string {
  const parts = [w(lang, 'presetValue', { value: formatValue(c.preset) })];
  if (!sameText(c.default, c.preset)) parts.push(w(lang, 'defaultValue', { value: formatValue(c.default) }));
  if (c.range) parts.push(w(lang, 'range', { lo: c.range[0], hi: c.range[1] }));
  return parts.join(' · ');
}

const sameText = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function controlView(c: Control, lang: Lang, act: LeverActions): TemplateResult {
  const name = c.path.split('.').pop()!;
  return html`<div class="control ${c.changed ? 'changed' : ''}" data-control-for=${c.path}>
    <div class="control-head">
      <label for=${idOf(c.path)}><code>${name}</code></label>
      ${c.assumption ? html`<span class="mark assumption" title=${c.source}>${w(lang, 'assumption')}</span>` : html`<span class="mark source" title=${c.source}>${w(lang, 'source', { source: c.source })}</span>`}
      ${c.changed
        ? html`<span class="mark changed">${w(lang, 'changed')}</span>
            <button type="button" class="reset" data-reset=${c.path} title=${w(lang, 'resetTitle', { value: formatValue(c.preset) })} @click=${() => act.reset(c.path)}>${w(lang, 'reset')}</button>`
        : nothing}
    </div>
    ${input(c, lang, act)}
    <p class="doc">${parameterDoc(c.path, c.doc, lang)}</p>
    <p class="meta">${meta(c, lang)}</p>
  </div>`;
}

/** Every section of controls but the run settings (section ''), policies open, the rest folded. */
export function leversView(controls: readonly Control[], lang: Lang, act: LeverActions, openSections: ReadonlySet<string>, toggle: (section: string, open: boolean) => void): TemplateResult {
  return html`${bySection(controls)
    .filter(([section]) => section !== '')
    .map(([section, list]) => {
      const changed = list.filter((c) => c.changed).length;
      const open = openSections.has(section) || changed > 0;
      return html`<details class="section" ?open=${open} data-section=${section} @toggle=${(e: Event) => toggle(section, (e.target as HTMLDetailsElement).open)}>
        <summary>${sectionTitle(lang, section)}${changed > 0 ? html` <span class="mark changed">${w(lang, 'changedCount', { n: changed })}</span>` : nothing}</summary>
        ${list.map((c) => controlView(c, lang, act))}
      </details>`;
    })}`;
}
