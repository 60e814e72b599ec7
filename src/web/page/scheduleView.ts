/**
 * The policy schedule: the variant's list of changes that take effect at the start of a run
 * year (the scenario's `schedule`), editable — when, which parameter, what value, why. Any edit
 * replaces the whole list as one changed value, `schedule`, as `--set schedule=[…]` would.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { parse as parseYaml } from 'yaml';
import type { Lang } from '../../report/i18n.ts';
import type { ScheduleEntry } from '../../scenario/schema.ts';
import { SCHEDULABLE_SECTIONS } from '../../scenario/paths.ts';
import type { Control } from './controls.ts';
import { w } from './words.ts';

export interface ScheduleActions {
  setSchedule(entries: ScheduleEntry[]): void;
  reset(path: string): void;
}

/** Parameters a schedule entry may change (the sections a run can change), policy levers first, in schema order. */
export function schedulablePaths(controls: readonly Control[]): string[] {
  const paths = controls.filter((c) => (SCHEDULABLE_SECTIONS as readonly string[]).includes(c.path.split('.')[0])).map((c) => c.path);
  return [...paths.filter((p) => p.startsWith('policies.')), ...paths.filter((p) => !p.startsWith('policies.'))];
}

function editEntry(entries: readonly ScheduleEntry[], index: number, edit: (e: ScheduleEntry) => ScheduleEntry): ScheduleEntry[] {
  return entries.map((e, i) => (i === index ? edit(e) : e));
}

function renameKey(set: Record<string, unknown>, from: string, to: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(set).map(([k, v]) => (k === from ? [to, value] : [k, v])));
}

/** A value as typed: YAML (so `0.5`, `true`, `open` and `[a, b]` all read), the text itself if it is not YAML. */
function readValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return text;
  }
}

export function scheduleView(entries: readonly ScheduleEntry[], changed: boolean, controls: readonly Control[], lang: Lang, act: ScheduleActions): TemplateResult {
  const paths = schedulablePaths(controls);
  const current = (path: string) => controls.find((c) => c.path === path)?.value;
  const set = (next: ScheduleEntry[]) => act.setSchedule(next);
  const add = () => set([...entries, { year: 1, set: { [paths[0]]: current(paths[0]) } }]);
  return html`<details class="section schedule ${changed ? 'changed' : ''}" ?open=${changed || entries.length > 0} data-section="schedule">
    <summary>${w(lang, 'schedule')}${changed ? html` <span class="mark changed">${w(lang, 'changed')}</span>` : nothing}</summary>
    <p class="doc">${w(lang, 'scheduleNote')}</p>
    ${changed ? html`<button type="button" class="reset" data-reset="schedule" @click=${() => act.reset('schedule')}>${w(lang, 'reset')}</button>` : nothing}
    ${entries.length === 0 ? html`<p class="meta">${w(lang, 'scheduleEmpty')}</p>` : nothing}
    <ol class="entries">
      ${entries.map(
        (entry, i) => html`<li class="entry">
          <label>${w(lang, 'scheduleYear')}
            <input type="number" min="0" max="200" step="1" data-param=${`schedule.${i}.year`} .value=${String(entry.year)}
              @change=${(e: Event) => {
                const year = Number((e.target as HTMLInputElement).value);
                if (Number.isInteger(year) && year >= 0) set(editEntry(entries, i, (x) => ({ ...x, year })));
              }} /></label>
          ${Object.entries(entry.set).map(
            ([path, value]) => html`<div class="change">
              <label>${w(lang, 'scheduleParameter')}
                <select data-schedule-key=${`${i}`} @change=${(e: Event) => {
                  const to = (e.target as HTMLSelectElement).value;
                  set(editEntry(entries, i, (x) => ({ ...x, set: renameKey(x.set, path, to, current(to)) })));
                }}>
                  ${(paths.includes(path) ? paths : [path, ...paths]).map((p) => html`<option value=${p} ?selected=${p === path}>${p}</option>`)}
                </select></label>
              <label>${w(lang, 'scheduleValue')}
                <input type="text" data-schedule-value=${`${i}:${path}`} .value=${JSON.stringify(value) ?? ''}
                  @change=${(e: Event) => set(editEntry(entries, i, (x) => ({ ...x, set: { ...x.set, [path]: readValue((e.target as HTMLInputElement).value) } })))} /></label>
            </div>`,
          )}
          <label>${w(lang, 'scheduleNoteField')}
            <input type="text" data-param=${`schedule.${i}.note`} .value=${entry.note ?? ''}
              @change=${(e: Event) => {
                const note = (e.target as HTMLInputElement).value;
                set(editEntry(entries, i, (x) => (note ? { ...x, note } : { year: x.year, set: x.set })));
              }} /></label>
          <button type="button" @click=${() => set(entries.filter((_, k) => k !== i))}>${w(lang, 'scheduleRemove')}</button>
        </li>`,
      )}
    </ol>
    <button type="button" data-schedule-add @click=${add}>${w(lang, 'scheduleAdd')}</button>
  </details>`;
}
