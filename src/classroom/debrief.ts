/**
 * The session's debrief pack, in the classroom pack's style: per language a page (HTML, with its
 * charts inline, and Markdown with PNGs) that gives every group's package in every round, the
 * outcomes with 95% intervals, the differences from the status quo, the ranking under the
 * announced weights and the charts; and, for a spreadsheet, outcomes.csv (one row per world,
 * round and seed) and packages.csv (one row per group, round and lever).
 *
 *   <data>/debrief/en/debrief.html, debrief.md, charts/   English
 *   <data>/debrief/zh/…                                     Chinese
 *   <data>/debrief/outcomes.csv, packages.csv, manifest.json
 *
 * Building the documents is pure (`debriefDocuments`); `writeDebrief` renders the charts and
 * writes the folder at once, replacing an earlier export.
 */
import { join } from 'node:path';
import { writeOutputTree, type FileContent } from '../io/files.ts';
import { stableJson, toCsv } from '../io/formats.ts';
import { packageVersion } from '../io/version.ts';
import type { Chart } from '../report/charts/common.ts';
import type { Block, Document } from '../report/document.ts';
import { TEXTS } from '../report/classroom/texts.ts';
import { LANGS, placeName, type Lang } from '../report/i18n.ts';
import type { Board, BoardRound, Stat } from './board.ts';
import { roundChart, roundsChart } from './charts.ts';
import { packageCost } from './cost.ts';
import { CRITERIA, CRITERION_DEFS, formatCriterion, formatCriterionDiff, type Criterion } from './criteria.ts';
import type { Lever } from './levers.ts';
import { describeChanges, formatLeverValue } from './packageText.ts';
import { runId } from './store.ts';
import { STATUS_QUO } from './arms.ts';
import { teamName } from './session.ts';
import type { ViewInput } from './views.ts';

export const DEBRIEF_DIR = 'debrief';

export interface DebriefInput extends ViewInput {
  board: Board;
  levers: Lever[];
}

const W: Record<Lang, Record<string, string>> = {
  en: {
    title: 'Session debrief',
    statusQuo: 'Status quo',
    package: 'Package (changes from the status quo)',
    cost: 'Estimated cost a year',
    score: 'Score',
    rank: 'Rank',
    group: 'Group',
    none: 'none (the status quo)',
    round: 'Round',
    differences: 'Differences from the status quo',
    diffNote: 'Mean difference over the seeds with its 95% interval, paired by seed (every group and the status quo share their random histories); ✓ marks a clear difference (the interval excludes 0).',
    howTitle: 'How to read it',
    over: 'Over the rounds',
    caveats: 'What the simulation cannot tell',
    runs: 'runs',
    weights: 'Weights of the ranking',
    note: 'Mean of {n} runs with 95% intervals; dashed line: the status quo',
    noteRounds: 'Mean of {n} runs with 95% intervals',
    notRun: 'no results',
  },
  zh: {
    title: '课堂复盘',
    statusQuo: '维持现状',
    package: '政策组合（相对现状的改变）',
    cost: '估计年成本',
    score: '得分',
    rank: '排名',
    group: '小组',
    none: '无（维持现状）',
    round: '第',
    differences: '与现状的差异',
    diffNote: '各随机种子上差异的均值及 95% 置信区间，按种子配对（各组与现状使用相同的随机历史）；✓ 表示差异明显（区间不含 0）。',
    howTitle: '如何阅读',
    over: '各轮对比',
    caveats: '模拟不能告诉我们什么',
    runs: '次运行',
    weights: '排名的权重',
    note: '{n} 次运行的均值及 95% 置信区间；虚线为维持现状',
    noteRounds: '{n} 次运行的均值及 95% 置信区间',
    notRun: '无结果',
  },
};

const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

function roundTitle(lang: Lang, r: BoardRound): string {
  const years = `${r.startYear}–${r.startYear + r.years - 1}`;
  return lang === 'zh' ? `第 ${r.number} 轮（${years}）` : `Round ${r.number} (${years})`;
}

function meanCi(lang: Lang, c: Criterion, s: Stat | null): string {
  if (!s) return '–';
  if (s.n < 2) return formatCriterion(lang, c, s.mean);
  return `${formatCriterion(lang, c, s.mean)} [${formatCriterion(lang, c, s.lo)}, ${formatCriterion(lang, c, s.hi)}]`;
}

export function debriefDocuments(input: DebriefInput): { docs: Record<Lang, Document>; charts: Record<Lang, Chart[]> } {
  const s = input.session;
  const docs = {} as Record<Lang, Document>;
  const charts = {} as Record<Lang, Chart[]>;
  for (const lang of LANGS) {
    const w = W[lang];
    const armName = (arm: number) => (arm === STATUS_QUO ? w.statusQuo : teamName(s, arm, lang));
    const note = fill(w.note, { n: input.board.seeds });
    const list: Chart[] = [];
    const blocks: Block[] = [
      { kind: 'heading', level: 1, text: `${w.title}: ${placeName(input.base, lang)}` },
      {
        kind: 'paragraph',
        className: 'meta',
        text:
          lang === 'zh'
            ? `${s.settings.mode === 'role' ? '角色模式' : '政策组合模式'}，${s.settings.groups} ${s.settings.mode === 'role' ? '桌' : '组'}，每个组合 ${input.board.seeds} 次运行（种子 ${input.seeds[0]}–${input.seeds[input.seeds.length - 1]}）；govbuy ${packageVersion()}，${s.scenario.file}。`
            : `${s.settings.mode === 'role' ? 'Role mode' : 'Package mode'}, ${s.settings.groups} ${s.settings.mode === 'role' ? 'tables' : 'groups'}, ${input.board.seeds} runs per package (seeds ${input.seeds[0]}–${input.seeds[input.seeds.length - 1]}); govbuy ${packageVersion()}, ${s.scenario.file}.`,
      },
      { kind: 'heading', level: 2, text: w.howTitle },
      {
        kind: 'list',
        items: [
          ...CRITERIA.map((c) => `**${CRITERION_DEFS[c].label[lang]}**: ${CRITERION_DEFS[c].how[lang]}.`),
          lang === 'zh'
            ? `得分：每项指标在本轮各组合（含现状）之间缩放到 0–1（最好为 1），再按权重平均。${w.weights}：${CRITERIA.map((c) => `${CRITERION_DEFS[c].label.zh} ${s.settings.weights[c]}`).join('，')}。`
            : `Score: each criterion scaled to 0–1 across the round's packages, the status quo included (best = 1), then averaged with the weights. ${w.weights}: ${CRITERIA.map((c) => `${CRITERION_DEFS[c].label.en} ${s.settings.weights[c]}`).join(', ')}.`,
        ],
      },
    ];
    for (const r of input.board.rounds) {
      blocks.push({ kind: 'heading', level: 2, text: roundTitle(lang, r) });
      blocks.push({
        kind: 'table',
        head: [w.group, w.package, w.cost],
        rows: r.arms.map((a) => {
          const changes = describeChanges(lang, input.levers, a.values, input.baseline);
          return [armName(a.arm), changes.length > 0 ? changes.join(lang === 'zh' ? '；' : '; ') : w.none, formatCriterion(lang, 'cost', packageCost(input.base, a.values).total)];
        }),
        numeric: [false, false, true],
      });
      blocks.push({
        kind: 'table',
        head: [w.group, ...CRITERIA.map((c) => CRITERION_DEFS[c].label[lang]), w.score, w.rank],
        rows: r.arms.map((a) => [
          `${armName(a.arm)}${a.done < input.board.seeds ? ` (${a.done}/${input.board.seeds} ${w.runs})` : ''}`,
          ...CRITERIA.map((c) => meanCi(lang, c, a.outcomes[c])),
          a.score === null ? '–' : a.score.toFixed(2),
          a.rank === null ? '–' : String(a.rank),
        ]),
        numeric: [false, ...CRITERIA.map(() => true), true, true],
      });
      const teams = r.arms.filter((a) => a.arm !== STATUS_QUO && a.diff);
      if (teams.length > 0) {
        blocks.push({ kind: 'heading', level: 3, text: w.differences }, { kind: 'paragraph', className: 'meta', text: w.diffNote });
        blocks.push({
          kind: 'table',
          head: [w.group, ...CRITERIA.map((c) => CRITERION_DEFS[c].label[lang])],
          rows: teams.map((a) => [
            armName(a.arm),
            ...CRITERIA.map((c) => {
              const d = a.diff![c];
              return d ? `${formatCriterionDiff(lang, c, d.diff)} [${formatCriterionDiff(lang, c, d.lo)}, ${formatCriterionDiff(lang, c, d.hi)}]${d.clear ? ' ✓' : ''}` : '–';
            }),
          ]),
          numeric: [false, ...CRITERIA.map(() => true)],
        });
      }
      for (const c of CRITERIA) {
        const spec = roundChart(r, c, { lang, armName, note });
        if (!spec) continue;
        const name = `round${r.number}-${c}`;
        list.push({ name, spec });
        blocks.push({ kind: 'chart', name, alt: `${roundTitle(lang, r)}: ${CRITERION_DEFS[c].label[lang]}` });
      }
    }
    if (input.board.rounds.length > 1) {
      blocks.push({ kind: 'heading', level: 2, text: w.over });
      for (const c of CRITERIA) {
        const spec = roundsChart(input.board, c, { lang, armName, note: fill(w.noteRounds, { n: input.board.seeds }), roundLabel: (r) => roundTitle(lang, r) });
        if (!spec) continue;
        list.push({ name: `rounds-${c}`, spec });
        blocks.push({ kind: 'chart', name: `rounds-${c}`, alt: `${w.over}: ${CRITERION_DEFS[c].label[lang]}` });
      }
    }
    blocks.push({ kind: 'heading', level: 2, text: w.caveats }, { kind: 'list', items: TEXTS[lang].caveatList(input.board.seeds) });
    docs[lang] = { lang, title: `${w.title}: ${placeName(input.base, lang)}`, blocks };
    charts[lang] = list;
  }
  return { docs, charts };
}

/** outcomes.csv: one row per arm, round and finished seed. */
export function outcomesCsv(input: DebriefInput): string {
  const rows: Record<string, unknown>[] = [];
  for (const [i, r] of input.board.rounds.entries()) {
    for (const world of input.plan.rounds[i]?.filter((x) => x.kind === 'effective') ?? []) {
      for (const seed of input.seeds) {
        const rec = input.records.get(runId(world.key, seed));
        if (rec) rows.push({ round: r.number, arm: world.arm === STATUS_QUO ? 'statusQuo' : world.arm, seed, ...rec.measures });
      }
    }
  }
  return toCsv(['round', 'arm', 'seed', ...CRITERIA], rows);
}

/** packages.csv: one row per arm, round and lever. */
export function packagesCsv(input: DebriefInput): string {
  const rows: Record<string, unknown>[] = [];
  for (const r of input.board.rounds)
    for (const a of r.arms)
      for (const l of input.levers)
        rows.push({ round: r.number, arm: a.arm === STATUS_QUO ? 'statusQuo' : a.arm, lever: l.path, value: formatLeverValue('en', l, a.values[l.path]).replace(/,/g, ''), changed: a.values[l.path] !== input.baseline[l.path] });
  return toCsv(['round', 'arm', 'lever', 'value', 'changed'], rows);
}

/** Write the pack into `<dataDir>/debrief`, replacing an earlier one; returns its files (relative to it). */
export async function writeDebrief(dataDir: string, input: DebriefInput): Promise<string[]> {
  const { documentFiles } = await import('../report/write.ts');
  const { docs, charts } = debriefDocuments(input);
  const files: Record<string, FileContent> = {};
  for (const lang of LANGS) {
    const rendered = await documentFiles({ debrief: docs[lang] }, charts[lang]);
    for (const [name, content] of Object.entries(rendered.files)) files[`${lang}/${name}`] = content;
  }
  files['outcomes.csv'] = outcomesCsv(input);
  files['packages.csv'] = packagesCsv(input);
  files['manifest.json'] = stableJson({ format: 'govbuy-classroom-debrief', formatVersion: 1, scenarioFile: input.session.scenario.file, rounds: input.board.rounds.length, exportedAt: new Date().toISOString() });
  await writeOutputTree(join(dataDir, DEBRIEF_DIR), files, { force: true });
  return Object.keys(files).filter((f) => !f.includes('/charts/')).sort();
}

