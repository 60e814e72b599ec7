/**
 * The whole page as one template, from the app's state: the header (place, language, large
 * type), the runs and the levers on one side, the results on the other (status, tables, charts,
 * map, sharing). Charts and the map are empty containers here, drawn after each render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { descriptionIn, placeName, type Lang } from '../../report/i18n.ts';
import type { ScheduleEntry } from '../../scenario/schema.ts';
import type { App, PlaceFile } from './app.ts';
import { controlView, leversView } from './leversView.ts';
import { MAX_SEED, MAX_SEEDS } from './link.ts';
import type { Control } from './controls.ts';
import type { Tables } from './results.ts';
import { mechanismsView } from './mechanismsView.ts';
import { scheduleView } from './scheduleView.ts';
import { seriesChoices } from './specs.ts';
import { tablesView } from './tablesView.ts';
import { w } from './words.ts';

export interface PageActions {
  choosePlace(id: string): void;
  loadFile(file: File): void;
  set(path: string, value: unknown): void;
  reset(path: string): void;
  resetAll(): void;
  setSchedule(entries: ScheduleEntry[]): void;
  knockOut(id: string, off: boolean): void;
  setSeeds(count: number, first: number): void;
  setLang(lang: Lang): void;
  setLarge(large: boolean): void;
  setSeriesColumns(columns: string[]): void;
  setAllOutcomes(all: boolean): void;
  toggleSection(section: string, open: boolean): void;
  copy(what: 'link' | 'compare' | 'run'): void;
  download(what: 'yaml' | 'csv'): void;
}

export interface PageModel {
  app: App;
  controls: Control[];
  tables: Tables;
  /** Names of the series charts to show. */
  seriesCharts: string[];
  hasSurvival: boolean;
  hasExits: boolean;
  /** The map's content (mapView), made by the caller. */
  map: TemplateResult;
  commands: { compare: string | null; run: string };
  openSections: ReadonlySet<string>;
  allOutcomes: boolean;
  copied?: string;
}

/** A preset's name in `lang`, read from its text without validating it. */
export function presetName(file: PlaceFile, lang: Lang): string {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(file.text)?.[1].trim().replace(/^(['"])(.*)\1$/, '$2');
  const name = field('name') ?? file.id;
  return placeName({ name, nameZh: field('nameZh') }, lang);
}

function header(m: PageModel, act: PageActions): TemplateResult {
  const { app } = m;
  const lang = app.lang;
  const other: Lang = lang === 'en' ? 'zh' : 'en';
  return html`<header class="top">
    <div class="brand">
      <h1>${w(lang, 'title')}</h1>
      <p class="tagline">${w(lang, 'tagline')}</p>
    </div>
    <div class="top-controls">
      <label>${w(lang, 'place')}
        <select data-control="place" @change=${(e: Event) => act.choosePlace((e.target as HTMLSelectElement).value)}>
          ${app.presets.map((p) => html`<option value=${p.id} ?selected=${app.place.preset && app.place.id === p.id}>${presetName(p, lang)}</option>`)}
          ${app.place.preset ? nothing : html`<option value=${app.place.id} selected>${app.place.id}</option>`}
        </select></label>
      <span class="file-pick">${w(lang, 'dropHint')}
        <label class="button">${w(lang, 'chooseFile')}<input type="file" class="visually-hidden" data-control="scenario-file" accept=".yaml,.yml,.json,application/json,text/yaml"
          @change=${(e: Event) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) act.loadFile(file);
            (e.target as HTMLInputElement).value = '';
          }} /></label></span>
      <button type="button" data-control="lang" title=${w(lang, 'language')} lang=${other === 'zh' ? 'zh-CN' : 'en'} @click=${() => act.setLang(other)}>${w(lang, 'otherLanguage')}</button>
      <label class="inline"><input type="checkbox" data-control="large-type" .checked=${app.large} @change=${(e: Event) => act.setLarge((e.target as HTMLInputElement).checked)} /> ${w(lang, 'largeType')}</label>
    </div>
    ${messages(app)}
  </header>`;
}

function messages(app: App): TemplateResult {
  const lang = app.lang;
  const msg = app.messages;
  return html`<div class="messages" role="status">
    ${msg.fileProblems
      ? html`<div class="problems" data-problems="file"><p>${w(lang, 'fileProblems', { file: msg.fileProblems.file })}</p>
          <ul>${msg.fileProblems.lines.map((l) => html`<li><code>${l}</code></li>`)}</ul></div>`
      : nothing}
    ${msg.linkProblems?.length ? html`<div class="problems" data-problems="link"><p>${w(lang, 'linkProblems')}</p><ul>${msg.linkProblems.map((l) => html`<li><code>${l}</code></li>`)}</ul></div>` : nothing}
    ${msg.notice ? html`<p class="notice">${msg.notice}</p>` : nothing}
  </div>`;
}

function runPanel(m: PageModel, act: PageActions): TemplateResult {
  const { app } = m;
  const lang = app.lang;
  const readSeeds = (root: HTMLElement) => {
    const count = Number((root.querySelector('[data-control="seeds"]') as HTMLInputElement).value);
    const first = Number((root.querySelector('[data-control="first-seed"]') as HTMLInputElement).value);
    if (Number.isInteger(count) && count >= 2 && count <= MAX_SEEDS && Number.isInteger(first) && first >= 0 && first + count - 1 <= MAX_SEED) act.setSeeds(count, first);
  };
  const onChange = (e: Event) => readSeeds((e.target as HTMLElement).closest('section') as HTMLElement);
  return html`<section class="panel run" aria-labelledby="run-title">
    <h2 id="run-title">${w(lang, 'run')}</h2>
    <div class="control">
      <label for="seeds">${w(lang, 'seeds')}</label>
      <input type="number" id="seeds" data-control="seeds" min="2" max=${MAX_SEEDS} step="1" .value=${String(app.seedCount)} @change=${onChange} />
    </div>
    <div class="control">
      <label for="first-seed">${w(lang, 'firstSeed')}</label>
      <input type="number" id="first-seed" data-control="first-seed" min="0" max=${MAX_SEED} step="1" .value=${String(app.firstSeed)} @change=${onChange} />
    </div>
    ${m.controls.filter((c) => c.section === '').map((c) => controlView(c, lang, act))}
    <p class="meta">${w(lang, 'runNote')}</p>
  </section>`;
}

function leversPanel(m: PageModel, act: PageActions): TemplateResult {
  const { app } = m;
  const lang = app.lang;
  const schedule = (app.changes.get('schedule') as ScheduleEntry[] | undefined) ?? app.place.scenario.schedule;
  const changed = m.controls.filter((c) => c.changed).length + (app.changes.has('schedule') ? 1 : 0);
  return html`<section class="panel levers" aria-labelledby="levers-title">
    <h2 id="levers-title">${w(lang, 'levers')}</h2>
    <p class="meta">${w(lang, 'leversNote')}</p>
    ${changed > 0
      ? html`<p><span class="mark changed">${w(lang, 'changedCount', { n: changed })}</span> <button type="button" data-control="reset-all" @click=${() => act.resetAll()}>${w(lang, 'resetAll')}</button></p>`
      : nothing}
    ${app.variantProblems.length > 0
      ? html`<div class="problems" data-problems="variant" role="alert"><p>${w(lang, 'invalid')}</p><ul>${app.variantProblems.map((l) => html`<li><code>${l}</code></li>`)}</ul></div>`
      : nothing}
    ${scheduleView(schedule, app.changes.has('schedule'), m.controls, lang, act)}
    ${leversView(m.controls, lang, act, m.openSections, act.toggleSection)}
    ${mechanismsView((path) => app.variantValue(path), lang, act)}
    <p class="meta">${w(lang, 'notEditable')}</p>
  </section>`;
}

function statusLine(m: PageModel): string {
  const { app } = m;
  const lang = app.lang;
  const n = app.seedCount;
  const runs = app.armRuns;
  const b = app.seeds.filter((s) => runs.baseline.has(s)).length;
  const v = app.seeds.filter((s) => runs.variant.has(s)).length;
  if (b === n && v === n) return `${w(lang, 'statusDone', { n, years: app.baseline?.years ?? '–' })}${app.same ? ` ${w(lang, 'statusSame')}` : ''}`;
  return `${w(lang, 'status', { b, v, n })}${app.same ? ` ${w(lang, 'statusSame')}` : ''}`;
}

function resultsPanel(m: PageModel, act: PageActions): TemplateResult {
  const { app } = m;
  const lang = app.lang;
  const choices = seriesChoices(app.runs.baseline.values().next().value?.columns ?? [], lang).filter((c) => !app.seriesColumns.includes(c.column));
  const description = descriptionIn(app.place.scenario, lang);
  return html`<section class="panel results" aria-labelledby="results-title">
    <h2 id="results-title">${w(lang, 'resultsFor', { place: placeName(app.place.scenario, lang) })}</h2>
    ${description ? html`<p class="description">${description}</p>` : nothing}
    <p class="status" data-status aria-live="polite">${statusLine(m)}</p>
    <p class="meta">${w(lang, 'workers', { n: app.workers })}</p>
    ${tablesView(m.tables, lang, m.allOutcomes, act.setAllOutcomes)}
    <h3>${w(lang, 'series')}</h3>
    <div class="charts">
      ${m.seriesCharts.map(
        (name) => html`<figure class="chart-box">
          <div class="chart" data-chart=${name}></div>
          <button type="button" class="remove" @click=${() => act.setSeriesColumns(app.seriesColumns.filter((c) => `series-${c}` !== name))}>${w(lang, 'removeSeries')}</button>
        </figure>`,
      )}
    </div>
    ${choices.length > 0
      ? html`<label>${w(lang, 'addSeries')}
          <select data-control="add-series" @change=${(e: Event) => {
            const column = (e.target as HTMLSelectElement).value;
            if (column) act.setSeriesColumns([...app.seriesColumns, column]);
            (e.target as HTMLSelectElement).value = '';
          }}>
            <option value="">—</option>
            ${choices.map((c) => html`<option value=${c.column}>${c.label}</option>`)}
          </select></label>`
      : nothing}
    <h3>${w(lang, 'survival')}</h3>
    <div class="charts">
      ${m.hasSurvival ? html`<div class="chart" data-chart="survival"></div>` : nothing}
      ${m.hasExits ? html`<div class="chart wide" data-chart="exits"></div>` : nothing}
    </div>
    <h3>${w(lang, 'map')}</h3>
    <div data-chart="map">${m.map}</div>
    ${sharePanel(m, act)}
  </section>`;
}

function sharePanel(m: PageModel, act: PageActions): TemplateResult {
  const lang = m.app.lang;
  return html`<section class="share" aria-labelledby="share-title">
    <h3 id="share-title">${w(lang, 'share')}</h3>
    <p class="meta">${w(lang, 'shareNote')}</p>
    <div class="buttons">
      <button type="button" data-action="copy-link" @click=${() => act.copy('link')}>${w(lang, 'copyLink')}</button>
      <button type="button" data-action="download-yaml" @click=${() => act.download('yaml')}>${w(lang, 'downloadYaml')}</button>
      <button type="button" data-action="download-csv" @click=${() => act.download('csv')}>${w(lang, 'downloadCsv')}</button>
      <button type="button" data-action="copy-compare" ?disabled=${!m.commands.compare} @click=${() => act.copy('compare')}>${w(lang, 'copyCompare')}</button>
      <button type="button" data-action="copy-run" @click=${() => act.copy('run')}>${w(lang, 'copyRun')}</button>
      ${m.copied ? html`<span class="notice" role="status">${m.copied}</span>` : nothing}
    </div>
    <p class="meta">${w(lang, 'commandsNote')}</p>
    ${m.commands.compare ? html`<pre data-command="compare"><code>${m.commands.compare}</code></pre>` : html`<p class="meta">${w(lang, 'noVariantCommand')}</p>`}
    <pre data-command="run"><code>${m.commands.run}</code></pre>
  </section>`;
}

export function pageView(m: PageModel, act: PageActions): TemplateResult {
  return html`${header(m, act)}
    <main class="layout">
      <aside class="side">${runPanel(m, act)} ${leversPanel(m, act)}</aside>
      ${resultsPanel(m, act)}
    </main>`;
}
