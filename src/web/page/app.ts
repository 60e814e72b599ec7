/**
 * The page's state and what can change it: the place (a bundled preset or a dropped file), the
 * changed values, the seeds, the language and large type. Every change validates the variant
 * with the same loader as the command line (scenario/load.ts), cancels runs it made stale and
 * queues the ones now needed; results come back from the workers seed by seed. Views read the
 * state and call these actions; they hold none of their own.
 */
import { GovbuyError } from '../../engine/errors.ts';
import type { Lang } from '../../report/i18n.ts';
import { collectParameters, type Parameter } from '../../scenario/parameters.ts';
import { getPath } from '../../scenario/paths.ts';
import { prepareScenarioText, type PreparedScenario } from '../../scenario/load.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { RUN_SETTINGS, sameValue } from './controls.ts';
import { setText, toFragment, type LinkState } from './link.ts';
import type { SimulationPool } from './pool.ts';
import type { Arm, Job, RunOutput } from './protocol.ts';
import type { ArmRuns } from './results.ts';
import { DEFAULT_SERIES } from './specs.ts';

/** A scenario file the page knows: a bundled preset or one dropped on the page. */
export interface PlaceFile {
  /** Preset name (the file's stem), or the dropped file's name. */
  id: string;
  /** As the command line names it: scenarios/<id>.yaml for a preset. */
  file: string;
  text: string;
  preset: boolean;
}

export interface Place extends PlaceFile {
  prepared: PreparedScenario;
  /** The file as it is, defaults filled in (no change applied). */
  scenario: Scenario;
}

export interface MapSettings {
  arm: Arm;
  colour: 'needs' | 'resistance';
  month: number;
  playing: boolean;
}

export interface Messages {
  fileProblems?: { file: string; lines: string[] };
  linkProblems?: string[];
  notice?: string;
}

export const DEFAULT_SEEDS = 10;

/**
 * What changed, for the views: `state` (language, views, settings that start no run: drawn at
 * once), `runs` (runs were started over for changed settings or a new place) and `results` (a
 * run came in). While runs start and results come in, the page is drawn at most four times a
 * second and its charts at most every 250 ms, so that drawing does not take the cores the runs
 * need (src/web/page/main.ts).
 */
export type Change = 'state' | 'runs' | 'results';

export class App {
  lang: Lang = 'en';
  large = false;
  place!: Place;
  /** Changed values, path → value, in the order made. */
  changes = new Map<string, unknown>();
  seedCount = DEFAULT_SEEDS;
  firstSeed = 1;
  seriesColumns = [...DEFAULT_SERIES];
  map: MapSettings = { arm: 'variant', colour: 'needs', month: -1, playing: false };
  messages: Messages = {};
  /** Problems of the variant as it stands (nothing runs while there are any). */
  variantProblems: string[] = [];
  baseline: Scenario | null = null;
  variant: Scenario | null = null;
  readonly runs: { baseline: Map<number, RunOutput>; variant: Map<number, RunOutput> } = { baseline: new Map(), variant: new Map() };
  readonly parameters: Parameter[] = collectParameters();
  /** Milliseconds from the last change of the variant to its first and its last seed (for timings). */
  timing: { changedAt: number; firstSeedMs?: number; allSeedsMs?: number } = { changedAt: 0 };

  private nextJobId = 1;
  /** Jobs queued or running whose results are still wanted, by id. */
  private readonly pending = new Map<number, Job>();

  constructor(
    readonly version: string,
    readonly presets: readonly PlaceFile[],
    private readonly pool: SimulationPool,
    /** Called after every change of state or results, for the views. */
    private readonly changed: (what: Change) => void,
  ) {}

  // ── Reading ──────────────────────────────────────────────────────────────

  get seeds(): number[] {
    return Array.from({ length: this.seedCount }, (_, i) => this.firstSeed + i);
  }

  /** Simulation workers running in parallel. */
  get workers(): number {
    return this.pool.size;
  }

  /** Runs queued or under way whose results are still wanted. */
  get running(): number {
    return this.pending.size;
  }

  /** The variant equals the baseline (no lever moved): its runs are the baseline's. */
  get same(): boolean {
    return this.variantChanges().length === 0;
  }

  /** Runs by arm; without a change, the variant's runs are the baseline's. */
  get armRuns(): ArmRuns {
    return { baseline: this.runs.baseline, variant: this.same ? this.runs.baseline : this.runs.variant };
  }

  /** The place's value at `path` (defaults filled in). */
  presetValue(path: string): unknown {
    return getPath(this.place.scenario, path);
  }

  commonChanges(): [string, unknown][] {
    return [...this.changes].filter(([p]) => RUN_SETTINGS.includes(p));
  }

  variantChanges(): [string, unknown][] {
    return [...this.changes].filter(([p]) => !RUN_SETTINGS.includes(p));
  }

  linkState(): LinkState {
    return {
      place: this.place.id,
      ...(this.place.preset ? {} : { fileText: this.place.text }),
      changes: [...this.changes],
      seeds: this.seedCount,
      firstSeed: this.firstSeed,
      lang: this.lang,
      large: this.large,
      version: this.version,
    };
  }

  fragment(): string {
    return toFragment(this.linkState());
  }

  // ── Actions ──────────────────────────────────────────────────────────────

  /** Read a scenario file; throws a GovbuyError naming every problem with its line and path. */
  static readPlace(file: PlaceFile): Place {
    const prepared = prepareScenarioText(file.text, file.file);
    return { ...file, prepared, scenario: prepared() };
  }

  /** Show a place (changes kept: the same lever can be tried in another place). */
  setPlace(place: Place): void {
    this.place = place;
    this.map.month = -1;
    this.restart(['baseline', 'variant']);
  }

  /** A dropped or chosen scenario file: used if valid, its problems shown otherwise. */
  loadFile(name: string, text: string): boolean {
    try {
      const place = App.readPlace({ id: name, file: name, text, preset: false });
      this.messages = {};
      this.setPlace(place);
      return true;
    } catch (err) {
      this.messages = { fileProblems: { file: name, lines: problemLines(err) } };
      this.changed('state');
      return false;
    }
  }

  setChange(path: string, value: unknown): void {
    this.setChanges([[path, value]]);
  }

  /** Several values at once, run once: `undefined` puts a path back to the place's value. */
  setChanges(entries: readonly (readonly [string, unknown])[]): void {
    let moved = false;
    let runSettings = false;
    for (const [path, value] of entries) {
      const before = this.changes.get(path);
      if (value === undefined || sameValue(value, this.presetValue(path))) this.changes.delete(path);
      else this.changes.set(path, value);
      if (!sameValue(before, this.changes.get(path))) {
        moved = true;
        runSettings ||= RUN_SETTINGS.includes(path);
      }
    }
    if (moved) this.restart(runSettings ? ['baseline', 'variant'] : ['variant']);
  }

  /** The variant's value at `path`: the change made to it, else the place's. */
  variantValue(path: string): unknown {
    return this.changes.has(path) ? this.changes.get(path) : this.presetValue(path);
  }

  reset(path: string): void {
    if (!this.changes.has(path)) return;
    this.changes.delete(path);
    this.restart(RUN_SETTINGS.includes(path) ? ['baseline', 'variant'] : ['variant']);
  }

  resetAll(): void {
    if (this.changes.size === 0) return;
    const runSettings = this.commonChanges().length > 0;
    this.changes.clear();
    this.restart(runSettings ? ['baseline', 'variant'] : ['variant']);
  }

  setSeeds(count: number, first: number): void {
    if (count === this.seedCount && first === this.firstSeed) return;
    const firstChanged = first !== this.firstSeed;
    this.seedCount = count;
    this.firstSeed = first;
    // Runs of seeds still wanted stay; the others are dropped and missing ones queued. The map
    // is recorded for the first seed, so a new first seed runs again.
    const wanted = new Set(this.seeds);
    const unwanted = (seed: number) => !wanted.has(seed) || (firstChanged && seed === first);
    for (const arm of ['baseline', 'variant'] as const) for (const s of [...this.runs[arm].keys()]) if (unwanted(s)) this.runs[arm].delete(s);
    this.drop((j) => unwanted(j.seed) || (firstChanged && j.map));
    if (firstChanged) this.map.month = -1;
    this.submitMissing();
    this.changed('state');
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.changed('state');
  }

  setLarge(large: boolean): void {
    this.large = large;
    this.changed('state');
  }

  setSeriesColumns(columns: string[]): void {
    this.seriesColumns = columns;
    this.changed('state');
  }

  setMap(settings: Partial<MapSettings>): void {
    this.map = { ...this.map, ...settings };
    this.changed('state');
  }

  /** A result from a worker: kept if it is still wanted. */
  receive(out: RunOutput): void {
    const job = this.pending.get(out.jobId);
    if (!job) return; // stale
    this.pending.delete(out.jobId);
    this.runs[job.arm].set(job.seed, out);
    if (job.arm === 'variant' || this.same) {
      const ms = performance.now() - this.timing.changedAt;
      const done = this.armRuns.variant.size;
      if (done === 1) this.timing.firstSeedMs = ms;
      if (done === this.seedCount && this.armRuns.baseline.size === this.seedCount) this.timing.allSeedsMs = ms;
    }
    this.changed('results');
  }

  failed(job: Job, message: string): void {
    if (!this.pending.delete(job.id)) return;
    this.variantProblems = [`seed ${job.seed}: ${message}`];
    this.changed('results');
  }

  // ── Running ──────────────────────────────────────────────────────────────

  private validates(sets: string[]): boolean {
    try {
      this.place.prepared(sets);
      return true;
    } catch {
      return false;
    }
  }

  /** Forget the jobs for which `stale` holds: dropped from the queue, stopped if running. */
  private drop(stale: (job: Job) => boolean): void {
    for (const [id, job] of [...this.pending]) if (stale(job)) this.pending.delete(id);
    this.pool.cancel(stale);
  }

  /** Validate the arms again and start over the runs of `arms`. */
  private restart(arms: Arm[]): void {
    const common = this.commonChanges().map(setText);
    this.timing = { changedAt: performance.now() };
    for (const arm of arms) this.runs[arm].clear();
    this.drop((j) => arms.includes(j.arm));
    this.variantProblems = [];
    const sets = [...common, ...this.variantChanges().map(setText)];
    try {
      if (arms.includes('baseline')) this.baseline = this.place.prepared(common, { setLabels: common });
      this.variant = this.place.prepared(sets, { setLabels: sets });
    } catch (err) {
      // A bad run setting stops both arms; a bad lever only the variant.
      if (arms.includes('baseline') && !this.validates(common)) this.baseline = null;
      this.variant = null;
      this.variantProblems = problemLines(err);
    }
    this.submitMissing();
    this.changed('runs');
  }

  /** Queue the runs neither done nor under way, seed by seed (the variant first, as the baseline is usually done). */
  private submitMissing(): void {
    const underWay = new Set([...this.pending.values()].map((j) => `${j.arm}:${j.seed}`));
    const jobs: Job[] = [];
    const arms: Arm[] = this.same || !this.variant ? ['baseline'] : ['variant', 'baseline'];
    for (const seed of this.seeds) {
      for (const arm of arms) {
        const scenario = arm === 'baseline' ? this.baseline : this.variant;
        if (!scenario || this.runs[arm].has(seed) || underWay.has(`${arm}:${seed}`)) continue;
        const job: Job = { id: this.nextJobId++, arm, scenario, seed, map: seed === this.firstSeed };
        this.pending.set(job.id, job);
        jobs.push(job);
      }
    }
    this.pool.submit(jobs);
  }
}

/** The lines of a loader error, each with its line and path; any other error as one line. */
export function problemLines(err: unknown): string[] {
  if (err instanceof GovbuyError) return [err.message, ...err.details];
  return [err instanceof Error ? err.message : String(err)];
}
