/**
 * Results to Vega-Lite specs for the page, with the reports' chart functions (src/report/charts)
 * so a chart reads the same here and in report.html: baseline and variant as two lines with 95%
 * bands, mean survival curves, exits by cause and year per arm. Single-view charts take the
 * width of their container. Pure.
 */
import { EXIT_CAUSES } from '../../agents/vocabulary.ts';
import type { Chart, TopLevelSpec } from '../../report/charts/common.ts';
import { exitCausesChart } from '../../report/charts/exitCauses.ts';
import { survivalChart } from '../../report/charts/survival.ts';
import { columnLabel, t, wordLabel, type Lang } from '../../report/i18n.ts';
import { SERIES_CHARTS, seriesChart, type SeriesKind } from '../../report/runReport.ts';
import type { Arm } from './protocol.ts';
import { labelledRuns, meanExitRows, meanSurvivalRows, type ArmRuns } from './results.ts';
import { w } from './words.ts';

/** The key series shown before any is added. */
export const DEFAULT_SERIES = ['orgs_active', 'needs_met_share', 'resistance_mean', 'trust_in_orgs'];

/** How a column is drawn: as the reports draw it, else a share for *_share columns and a level otherwise. */
export function seriesKind(column: string): SeriesKind {
  const own = SERIES_CHARTS.find((c) => c.columns.length === 1 && c.columns[0] === column);
  if (own) return own.kind;
  if (/_share($|_)/.test(column)) return 'share';
  return 'level';
}

export function armLabels(lang: Lang): Record<Arm, string> {
  return { baseline: w(lang, 'baseline'), variant: w(lang, 'variant') };
}

/** A spec that fills its container's width (single views only), keeping the height asked for. */
export function fitContainer(spec: TopLevelSpec): TopLevelSpec {
  if ('facet' in spec || 'hconcat' in spec || 'vconcat' in spec || 'concat' in spec) return spec;
  return { ...spec, width: 'container', autosize: { type: 'fit', contains: 'padding' } } as TopLevelSpec;
}

/** Font sizes × `factor` (large-type mode). */
export function enlarged(spec: TopLevelSpec, factor: number): TopLevelSpec {
  if (factor === 1) return spec;
  const config = (spec as { config?: Record<string, Record<string, unknown>> }).config ?? {};
  const scaled: Record<string, Record<string, unknown>> = {};
  for (const [part, settings] of Object.entries(config)) {
    if (settings === null || typeof settings !== 'object') {
      scaled[part] = settings;
      continue;
    }
    scaled[part] = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, /FontSize$|^fontSize$/.test(k) && typeof v === 'number' ? Math.round(v * factor) : v]));
  }
  const height = (spec as { height?: unknown }).height;
  return { ...spec, config: scaled, ...(typeof height === 'number' ? { height: Math.round(height * factor) } : {}) } as TopLevelSpec;
}

export interface PageCharts {
  series: Chart[];
  survival?: Chart;
  exits?: Chart;
}

/** The page's charts; `width` is the width of the column they are shown in (for faceted charts, which cannot fill a container). */
export function pageCharts(lang: Lang, seeds: readonly number[], runs: ArmRuns, columns: readonly string[], startYear: number, years: number, width: number): PageCharts {
  const label = armLabels(lang);
  const done = Math.min(...(['baseline', 'variant'] as const).map((a) => seeds.filter((s) => runs[a].has(s)).length));
  const subtitle = t(lang, done > 1 ? 'chart.band' : 'chart.meanOf', { n: done });
  const labelled = labelledRuns(seeds, runs, label);
  const series = labelled.length === 0 ? [] : columns.map((c) => seriesChart(`series-${c}`, labelled, [c], seriesKind(c), lang, startYear, subtitle));
  const survivalData = meanSurvivalRows(seeds, runs, label, 12 * years);
  const causeLabel = (c: string) => wordLabel(lang, 'cause', c);
  const exitData = meanExitRows(seeds, runs, label, causeLabel);
  return {
    series,
    survival:
      survivalData.length === 0
        ? undefined
        : {
            name: 'survival',
            spec: survivalChart(survivalData, {
              lang,
              text: { title: w(lang, 'survivalTitle'), subtitle: w(lang, 'survivalNote'), x: t(lang, 'chart.survival.x'), y: t(lang, 'chart.survival.y') },
              groupOrder: [label.baseline, label.variant],
            }),
          },
    exits:
      exitData.length === 0
        ? undefined
        : {
            name: 'exits',
            spec: exitCausesChart(exitData, {
              lang,
              text: { title: w(lang, 'exitsTitle'), subtitle: w(lang, 'exitsNote'), x: t(lang, 'chart.time'), y: t(lang, 'chart.exits.y'), legend: t(lang, 'chart.exits.cause') },
              causeOrder: EXIT_CAUSES.map(causeLabel),
              panelOrder: [label.baseline, label.variant],
              width: Math.max(320, width - 40),
            }),
          },
  };
}

/** Columns that can be added as series: every series column but the clock. */
export function seriesChoices(columns: readonly string[], lang: Lang): { column: string; label: string }[] {
  return columns.filter((c) => c !== 'month' && c !== 'year').map((c) => ({ column: c, label: columnLabel(lang, c) }));
}
