/**
 * The sandbox page's entry: reads the link (the address's fragment), starts the simulation
 * workers, renders the page with lit on every change of state or results, draws the charts and
 * the map, and keeps the address in step with the settings (history.replaceState).
 *
 * The build (src/web/build.ts) defines GOVBUY_SITE: the govbuy version, the presets' texts and
 * the worker bundle's source.
 */
import { render } from 'lit';
import { mechanismById } from '../../model/mechanisms.ts';
import { placeName, type Lang } from '../../report/i18n.ts';
import type { ScheduleEntry } from '../../scenario/schema.ts';
import { App, problemLines, type Change, type PlaceFile } from './app.ts';
import { ChartDrawer } from './chartsView.ts';
import { controlsFor } from './controls.ts';
import { fromFragment } from './link.ts';
import { clampMonth, monthStats } from './mapModel.ts';
import { MapPainter, mapSummary, mapView, monthLabel } from './mapView.ts';
import { knockOutChanges } from './mechanismsView.ts';
import { pageView, type PageActions, type PageModel } from './pageView.ts';
import { SimulationPool } from './pool.ts';
import { outcomeTables } from './results.ts';
import { armNames, compareCommand, runCommand, runsCsv, stemOf, variantYaml, type Reproduce } from './share.ts';
import { enlarged, fitContainer, pageCharts } from './specs.ts';
import { w } from './words.ts';

declare const GOVBUY_SITE: { version: string; presets: PlaceFile[]; workerSource: string };

/** Least time between two draws of the page caused by runs starting or results coming in. */
const RUNS_RENDER_MS = 250;
/** Least time between two draws of the charts (the costly part of a draw) while results come in. */
const CHARTS_RENDER_MS = 250;

const DEFAULT_PLACE = 'chifeng-xitun';
const LARGE = 1.5;

class Page implements PageActions {
  readonly app: App;
  private readonly root: HTMLElement;
  private readonly charts = new ChartDrawer(() => this.app.lang);
  private readonly painter = new MapPainter();
  private readonly openSections = new Set<string>(['policies.payments', 'policies.bidding']);
  private copied?: string;
  private allOutcomes = false;
  private renderQueued = false;
  /** When the page was last drawn (performance.now()), and the draw waiting for results, if any. */
  private lastRender = 0;
  private renderTimer?: number;
  private chartsDue = 0;
  private playTimer?: number;
  private chartsTimer?: number;

  constructor(root: HTMLElement) {
    this.root = root;
    const pool = new SimulationPool(GOVBUY_SITE.workerSource, navigator.hardwareConcurrency || 2, {
      onResult: (out) => this.app.receive(out),
      onError: (job, message) => this.app.failed(job, message),
    });
    this.app = new App(GOVBUY_SITE.version, GOVBUY_SITE.presets, pool, (what) => this.changed(what));
  }

  /** Start from the link, or from the default place. */
  start(): void {
    const { state, problems } = fromFragment(location.hash);
    const app = this.app;
    if (state.lang) app.lang = state.lang;
    else if (/^zh\b/i.test(navigator.language)) app.lang = 'zh';
    app.large = state.large ?? false;
    if (state.seeds) app.seedCount = state.seeds;
    if (state.firstSeed !== undefined) app.firstSeed = state.firstSeed;
    const preset = GOVBUY_SITE.presets.find((p) => p.id === (state.place ?? DEFAULT_PLACE)) ?? GOVBUY_SITE.presets.find((p) => p.id === DEFAULT_PLACE) ?? GOVBUY_SITE.presets[0];
    const notes: string[] = [];
    if (state.version && state.version !== app.version) notes.push(w(app.lang, 'versionDiffers', { theirs: state.version, ours: app.version }));
    for (const [path, value] of state.changes ?? []) app.changes.set(path, value);
    let loaded = false;
    if (state.place && !GOVBUY_SITE.presets.some((p) => p.id === state.place)) {
      if (state.fileText !== undefined) loaded = app.loadFile(state.place, state.fileText);
      else notes.push(w(app.lang, 'fileMissing', { file: state.place }));
    }
    if (!loaded) app.setPlace(App.readPlace(preset));
    app.messages = { ...app.messages, ...(problems.length > 0 ? { linkProblems: problems } : {}), ...(notes.length > 0 ? { notice: notes.join(' ') } : {}) };
    window.addEventListener('resize', () => this.changed('state'));
    document.addEventListener('dragover', (e) => e.preventDefault());
    document.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer?.files?.[0];
      if (file) this.loadFile(file);
    });
    this.changed('state');
  }

  // ── Actions (PageActions) ────────────────────────────────────────────────

  choosePlace(id: string): void {
    const preset = GOVBUY_SITE.presets.find((p) => p.id === id);
    if (!preset) return;
    this.app.messages = {};
    this.app.setPlace(App.readPlace(preset));
  }

  loadFile(file: File): void {
    file.text().then(
      (text) => {
        if (this.app.loadFile(file.name, text)) this.app.messages = { notice: w(this.app.lang, 'fileLoaded', { file: file.name }) };
        this.changed('state');
      },
      (err: unknown) => {
        this.app.messages = { fileProblems: { file: file.name, lines: problemLines(err) } };
        this.changed('state');
      },
    );
  }

  set = (path: string, value: unknown) => this.app.setChange(path, value);
  reset = (path: string) => this.app.reset(path);
  resetAll = () => this.app.resetAll();
  setSchedule = (entries: ScheduleEntry[]) => this.app.setChange('schedule', entries);
  knockOut = (id: string, off: boolean) => {
    const mechanism = mechanismById(id);
    if (mechanism) this.app.setChanges(knockOutChanges(mechanism, off));
  };
  setSeeds = (count: number, first: number) => this.app.setSeeds(count, first);
  setLang = (lang: Lang) => this.app.setLang(lang);
  setLarge = (large: boolean) => this.app.setLarge(large);
  setSeriesColumns = (columns: string[]) => this.app.setSeriesColumns(columns);
  setMap = (settings: Parameters<App['setMap']>[0]) => {
    this.app.setMap(settings);
    this.play();
  };

  setAllOutcomes = (all: boolean) => {
    this.allOutcomes = all;
    this.changed('state');
  };

  toggleSection = (section: string, open: boolean) => {
    if (open) this.openSections.add(section);
    else this.openSections.delete(section);
  };

  private reproduce(): Reproduce {
    const app = this.app;
    return { file: app.place.file, common: app.commonChanges(), variant: app.variantChanges(), seeds: app.seeds };
  }

  copy(what: 'link' | 'compare' | 'run'): void {
    const text = what === 'link' ? location.href : what === 'compare' ? compareCommand(this.reproduce()) : runCommand(this.reproduce(), this.app.firstSeed);
    if (!text) return;
    const done = () => {
      this.copied = w(this.app.lang, 'copied');
      this.changed('state');
      setTimeout(() => {
        this.copied = undefined;
        this.changed('state');
      }, 2500);
    };
    navigator.clipboard?.writeText(text).then(done, () => this.copyByHand(text, done)) ?? this.copyByHand(text, done);
  }

  /** Copying where the clipboard API is refused (some browsers on file:// pages). */
  private copyByHand(text: string, done: () => void): void {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    if (document.execCommand('copy')) done();
    area.remove();
  }

  download(what: 'yaml' | 'csv'): void {
    const app = this.app;
    const stem = stemOf(app.place.file);
    const [name, type, text] =
      what === 'yaml'
        ? [`${stem}-variant.yaml`, 'text/yaml', variantYaml(app.place.text, app.place.file, [...app.changes], (p) => app.presetValue(p), app.version)]
        : [`${stem}-runs.csv`, 'text/csv', runsCsv(armNames(app.place.file), app.seeds, app.armRuns)];
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ── Rendering ────────────────────────────────────────────────────────────

  private changed(what: Change): void {
    if (what !== 'results') {
      const fragment = this.app.fragment();
      if (location.hash !== fragment) history.replaceState(null, '', fragment);
    }
    if (what === 'state') this.chartsDue = 0; // draw the charts at once
    else if (this.chartsDue === 0) this.chartsDue = performance.now() + CHARTS_RENDER_MS;
    // While runs start and results come in, the page is drawn at most every RUNS_RENDER_MS: a
    // draw of the whole page costs the main thread tens of milliseconds plus layout, and on a
    // machine with as many workers as cores it took that time from the runs (docs/performance.md,
    // "The browser sandbox"). A lever's own field shows what was typed at once; what follows from
    // it is drawn within RUNS_RENDER_MS. Other changes (language, views, settings that start no
    // run) are drawn at the next frame, even when a draw is waiting.
    const wait = what === 'state' ? 0 : Math.max(0, this.lastRender + RUNS_RENDER_MS - performance.now());
    if (this.renderQueued && (wait > 0 || this.renderTimer === undefined)) return;
    clearTimeout(this.renderTimer);
    this.renderTimer = undefined;
    this.renderQueued = true;
    if (wait > 0)
      this.renderTimer = setTimeout(() => {
        this.renderTimer = undefined;
        this.drawNextFrame();
      }, wait) as unknown as number;
    else this.drawNextFrame();
  }

  private drawNextFrame(): void {
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.lastRender = performance.now();
      this.render();
    });
  }

  private render(): void {
    const app = this.app;
    const lang = app.lang;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.documentElement.classList.toggle('large', app.large);
    document.title = `${w(lang, 'title')} — ${placeName(app.place.scenario, lang)}`;
    const runs = app.armRuns;
    const width = this.root.querySelector<HTMLElement>('.results')?.clientWidth ?? 700;
    const sc = app.baseline ?? app.place.scenario;
    const frames = runs[app.map.arm].get(app.firstSeed)?.map;
    const anyRun = runs.baseline.size > 0 || runs.variant.size > 0;
    const model: PageModel = {
      app,
      controls: controlsFor(app.parameters, app.place.scenario, app.changes),
      tables: outcomeTables(app.seeds, runs),
      seriesCharts: anyRun ? app.seriesColumns.map((c) => `series-${c}`) : [],
      hasSurvival: anyRun,
      hasExits: anyRun,
      map: mapView(frames, app.map, sc.startYear, app.firstSeed, lang, frames ? mapSummary(lang, monthStats(frames, app.map.month), monthLabel(sc.startYear, clampMonth(frames, app.map.month))) : '', this),
      commands: { compare: compareCommand(this.reproduce()), run: runCommand(this.reproduce(), app.firstSeed) },
      openSections: this.openSections,
      allOutcomes: this.allOutcomes,
      copied: this.copied,
    };
    render(pageView(model, this), this.root);
    this.drawMap();
    const now = performance.now();
    if (this.chartsDue > now) {
      this.chartsTimer ??= setTimeout(() => {
        this.chartsTimer = undefined;
        this.changed('results');
      }, this.chartsDue - now) as unknown as number;
      return;
    }
    // Charts are the costly part of a render: drawn at most every CHARTS_RENDER_MS while seeds come in.
    this.chartsDue = 0;
    const charts = pageCharts(lang, app.seeds, runs, app.seriesColumns, sc.startYear, sc.years, width);
    const factor = app.large ? LARGE : 1;
    for (const chart of [...charts.series, charts.survival, charts.exits]) {
      if (!chart) continue;
      const box = this.root.querySelector<HTMLElement>(`[data-chart="${chart.name}"]`);
      if (box) this.charts.show(box, enlarged(fitContainer(chart.spec), factor));
    }
  }

  private drawMap(): void {
    const app = this.app;
    const canvas = this.root.querySelector<HTMLCanvasElement>('[data-chart="map"] canvas');
    const frames = app.armRuns[app.map.arm].get(app.firstSeed)?.map;
    if (canvas && frames) this.painter.draw(canvas, frames, app.map);
  }

  /** Advance the map a month at a time while playing. */
  private play(): void {
    clearTimeout(this.playTimer);
    const app = this.app;
    if (!app.map.playing) return;
    const frames = app.armRuns[app.map.arm].get(app.firstSeed)?.map;
    if (!frames) return;
    const next = (app.map.month < 0 ? frames.months - 1 : app.map.month) + 1;
    if (next >= frames.months) {
      app.setMap({ playing: false });
      return;
    }
    this.playTimer = setTimeout(() => {
      app.setMap({ month: next });
      this.play();
    }, 120) as unknown as number;
  }
}

const root = document.getElementById('app');
if (root) {
  const page = new Page(root);
  (window as unknown as { govbuy: Page }).govbuy = page; // for scripting the page and for tests
  page.start();
}
