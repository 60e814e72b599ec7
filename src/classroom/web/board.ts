/**
 * The board as every page shows it: per round, each group's package, its estimated cost, its
 * outcomes with 95% intervals and differences from the status quo, its score and rank; and a
 * chart per criterion (charts.ts), redrawn only when its data changed.
 */
import type { BoardRound, Stat } from '../board.ts';
import { STATUS_QUO } from '../arms.ts';
import { roundChart } from '../charts.ts';
import { CRITERIA, formatCriterion, formatCriterionDiff, type Criterion } from '../criteria.ts';
import { describeChanges } from '../packageText.ts';
import { esc, state, t } from './app.ts';

declare const vegaEmbed: (el: HTMLElement, spec: unknown, options: Record<string, unknown>) => Promise<unknown>;

export function armName(arm: number): string {
  if (arm === STATUS_QUO) return t('statusQuo');
  const team = state.pub?.teams.find((x) => x.number === arm);
  return team ? team.name[state.lang] : String(arm);
}

function statText(c: Criterion, s: Stat | null): string {
  if (!s) return '–';
  const main = formatCriterion(state.lang, c, s.mean);
  return s.n >= 2 ? `${esc(main)}<br><span class="ci">[${esc(formatCriterion(state.lang, c, s.lo))}, ${esc(formatCriterion(state.lang, c, s.hi))}]</span>` : esc(main);
}

export function roundTitle(r: BoardRound): string {
  return t('roundYears', { n: r.number, from: r.startYear, to: r.startYear + r.years - 1 });
}

function roundTable(r: BoardRound): string {
  const wel = state.welcome!;
  const criteria = wel.criteria;
  const head = [t('rank'), t('group'), t('changes'), t('cost'), ...CRITERIA.map((c) => criteria[c].label[state.lang]), t('score')];
  const rows = [...r.arms].sort((a, b) => (a.arm === STATUS_QUO ? -1 : b.arm === STATUS_QUO ? 1 : (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.arm - b.arm));
  const body = rows.map((a) => {
    const changes = describeChanges(state.lang, wel.levers, a.values, wel.baseline);
    const cost = state.pub?.costs[`${r.number}:${a.arm}`];
    const cells = CRITERIA.map((c) => {
      const d = a.diff?.[c];
      const better = criteria[c].better === 'higher' ? 1 : -1;
      const diff = d ? `<br><span class="${d.clear ? (d.diff * better > 0 ? 'clear-up' : 'clear-down') : 'ci'}">${esc(formatCriterionDiff(state.lang, c, d.diff))}${d.clear ? ' ✓' : ''}</span>` : '';
      return `<td class="num" data-criterion="${c}">${statText(c, a.outcomes[c])}${diff}</td>`;
    });
    const progress = a.done < (state.pub?.board.seeds ?? 0) ? ` <span class="badge">${a.done}/${state.pub?.board.seeds} ${t('runs')}</span>` : '';
    const failed = a.failed ? ` <span class="badge warn" title="${esc(a.failed)}">!</span>` : '';
    return `<tr data-arm="${a.arm}"><td class="num">${a.rank ?? ''}</td><td>${esc(armName(a.arm))}${progress}${failed}</td><td>${changes.length ? changes.map(esc).join('<br>') : `<span class="muted">${t('none')}</span>`}</td><td class="num">${cost === undefined ? '–' : esc(formatCriterion(state.lang, 'cost', cost))}</td>${cells.join('')}<td class="num">${a.score === null ? '–' : a.score.toFixed(2)}</td></tr>`;
  });
  return `<div class="scroll"><table class="board"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

/** The board's frame: the tables are rewritten on every update, the charts only when their data change. */
export function boardShell(): string {
  return `<div class="board-head"></div><div class="charts">${CRITERIA.map((c) => `<div data-chart="${c}"></div>`).join('')}</div><div class="board-rest"></div>`;
}

/** Fill a board frame (boardShell) in `root` from the latest public view. */
export function renderBoard(root: HTMLElement): void {
  const pub = state.pub;
  const head = root.querySelector<HTMLElement>('.board-head');
  const rest = root.querySelector<HTMLElement>('.board-rest');
  if (!pub || !state.welcome || !head || !rest) return;
  const rounds = pub.board.rounds;
  if (rounds.length === 0) {
    head.innerHTML = `<h2>${t('board')}</h2><p class="muted">${t('noRound')}</p>`;
    rest.innerHTML = '';
    return;
  }
  const latest = rounds[rounds.length - 1];
  const weights = CRITERIA.map((c) => `${esc(state.welcome!.criteria[c].label[state.lang])} ${pub.settings.weights[c]}`).join(' · ');
  const status = latest.status === 'open' ? t('open') : pub.progress.pending > 0 ? t('running', { n: pub.progress.pending }) : t('closed');
  const waiting = latest.waiting.length > 0 && latest.status === 'open' ? `<p class="muted">${esc(t('waiting', { list: latest.waiting.map(armName).join(', ') }))}</p>` : '';
  head.innerHTML = [
    `<h2>${t('board')} — ${esc(roundTitle(latest))} <span class="badge">${esc(status)}</span></h2>`,
    `<p class="muted">${t('weights')}: ${weights}</p>`,
    waiting,
    roundTable(latest),
    `<p class="ci">${esc(t('boardNote', { n: pub.board.seeds }))}</p>`,
  ].join('\n');
  const earlier = rounds
    .slice(0, -1)
    .reverse()
    .map((r) => `<details><summary>${esc(roundTitle(r))}</summary>${roundTable(r)}</details>`)
    .join('');
  rest.innerHTML = earlier ? `<h3>${t('earlier')}</h3>${earlier}` : '';
  drawCharts(root, latest);
}

/** The chart specs last drawn, by element. */
const drawn = new WeakMap<HTMLElement, string>();

/** Room a comparison chart takes besides its plot: the groups' names, the header, the padding. */
const CHART_MARGIN = 150;

function drawCharts(root: HTMLElement, round: BoardRound): void {
  if (typeof vegaEmbed === 'undefined') return;
  const note = t('boardNote', { n: state.pub!.board.seeds }).split(/[;；]/)[0];
  for (const c of CRITERIA) {
    const el = root.querySelector<HTMLElement>(`[data-chart="${c}"]`);
    if (!el) continue;
    // The chart fits its cell of the grid (a phone's screen, a third of the projector's).
    const width = Math.max(140, el.clientWidth - CHART_MARGIN);
    const spec = roundChart(round, c, { lang: state.lang, armName, note, width });
    const text = JSON.stringify(spec);
    if (drawn.get(el) === text) continue;
    drawn.set(el, text);
    if (!spec) el.innerHTML = '';
    else void vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).catch(() => undefined);
  }
}
