/**
 * The teacher's page (/teacher?token=…): the join URL and its QR code, the settings (mode,
 * groups, seeds, years per round, budget, the ranking's weights), the rounds, the participants,
 * the board — and in role mode what each table is discussing — and the debrief export.
 */
import { formatDifference, formatOutcome } from '../../report/classroom/outcomes.ts';
import { ROLE_IDS } from '../../report/classroom/texts.ts';
import { CRITERIA, formatCriterion } from '../criteria.ts';
import { describeChanges } from '../packageText.ts';
import { $, act, connect, esc, setupLanguage, state, t } from './app.ts';
import { boardShell, renderBoard } from './board.ts';

export function teacherPage(): void {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const app = $('#app')!;
  app.innerHTML = [
    '<section class="card row"><div class="qr" id="qr"></div><div class="grow" id="links"></div></section>',
    '<section class="card"><h2 id="settings-title"></h2><form id="settings"></form></section>',
    '<section class="card" id="rounds"></section>',
    `<section class="card" id="board">${boardShell()}</section>`,
    '<section class="card" id="tables" hidden></section>',
    '<section class="card" id="people"></section>',
  ].join('');
  let settingsShown = '';
  let settingsDirty = false;

  function links(): void {
    const v = state.teacher;
    if (!v) return;
    if ($('#qr')!.innerHTML !== v.qrSvg) $('#qr')!.innerHTML = v.qrSvg;
    $('#links')!.innerHTML = `<p>${t('joinAt')}:</p><p class="big" id="join-url">${esc(v.joinUrl)}</p><p><a href="${esc(v.boardUrl)}" target="_blank" rel="noopener" id="project">${t('project')}</a></p><p class="muted">${esc(state.welcome?.scenario.name[state.lang] ?? '')}</p>`;
  }

  function settings(): void {
    const pub = state.pub;
    const wel = state.welcome;
    if (!pub || !wel) return;
    $('#settings-title')!.textContent = t('settings');
    const key = JSON.stringify([pub.settings, pub.round?.number ?? 0, state.lang]);
    if (settingsDirty || key === settingsShown) return;
    settingsShown = key;
    const s = pub.settings;
    const started = pub.round !== null;
    const fixed = started ? ` disabled title="${esc(t('fixed'))}"` : '';
    const weights = CRITERIA.map(
      (c) => `<label class="lever"><span>${esc(wel.criteria[c].label[state.lang])}</span><input type="range" name="w-${c}" min="0" max="10" step="1" value="${s.weights[c]}"><span class="value">${s.weights[c]}</span></label>`,
    ).join('');
    $('#settings')!.innerHTML = [
      `<p><label>${t('mode')} <select name="mode"${fixed}><option value="package"${s.mode === 'package' ? ' selected' : ''}>${t('modePackage')}</option><option value="role"${s.mode === 'role' ? ' selected' : ''}>${t('modeRole')}</option></select></label></p>`,
      `<p class="row"><label>${t('groups')} <input type="number" name="groups" min="1" max="24" value="${s.groups}"${fixed}></label>`,
      `<label>${t('seeds')} <input type="number" name="seeds" min="2" max="50" value="${s.seeds}"${fixed}></label>`,
      `<label>${t('years')} <input type="number" name="years" min="1" max="10" value="${s.years}"></label>`,
      `<label>${t('budget')} <input type="number" name="budget" min="0" step="1000" value="${Math.round(s.budget)}"></label></p>`,
      `<p class="muted">${esc(t('baselineCost', { cost: formatCriterion(state.lang, 'cost', wel.baselineCost.total) }))} ${esc(t('yearsLeft', { n: pub.yearsLeft }))}</p>`,
      `<h3>${t('weights')}</h3>${weights}`,
      `<p><button class="primary" type="submit">${t('apply')}</button></p>`,
    ].join('');
  }

  $('#settings')!.addEventListener('input', (e) => {
    settingsDirty = true;
    const el = e.target as HTMLInputElement;
    if (el.type === 'range') el.parentElement!.querySelector('.value')!.textContent = el.value;
  });
  $('#settings')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const num = (name: string) => (f.get(name) === null ? undefined : Number(f.get(name)));
    const change: Record<string, unknown> = {
      years: num('years'),
      budget: num('budget'),
      weights: Object.fromEntries(CRITERIA.map((c) => [c, num(`w-${c}`)])),
    };
    if (state.pub?.round === null) Object.assign(change, { mode: f.get('mode'), groups: num('groups'), seeds: num('seeds') });
    settingsDirty = false;
    settingsShown = '';
    await act({ type: 'configure', settings: change }, t('saved'));
    settings();
  });

  /** The round controls as last drawn: redrawn only when they change, so a click is never lost to a redraw. */
  let roundsDrawn = '';

  function rounds(): void {
    const pub = state.pub;
    if (!pub) return;
    const r = pub.round;
    const open = r?.status === 'open';
    const next = (r?.number ?? 0) + 1;
    const exports = state.teacher?.exports ?? [];
    // Progress changes with every finished run; it has its own line, updated in place, so the
    // buttons stay the same elements while runs come in (a redraw between a press and its
    // release would swallow the click).
    const controls = [
      `<h2>${t('rounds')}</h2>`,
      pub.ended ? `<p>${t('ended')}</p>` : '',
      '<p class="row">',
      !pub.ended && !open ? `<button class="primary" type="button" id="start">${esc(t('start', { n: next }))}</button>` : '',
      open ? `<button class="primary" type="button" id="close">${esc(t('close', { n: r!.number }))}</button>` : '',
      !pub.ended ? `<button type="button" id="end">${t('end')}</button>` : '',
      `<button type="button" id="export">${t('export')}</button>`,
      '</p>',
      '<p class="muted" id="round-progress"></p>',
      exports.length > 0 ? `<p>${exports.map((f) => `<a href="/export/${f.split('/').map(encodeURIComponent).join('/')}?token=${encodeURIComponent(token)}" target="_blank" rel="noopener">${esc(f)}</a>`).join(' · ')}</p>` : '',
    ].join('');
    if (controls !== roundsDrawn) {
      roundsDrawn = controls;
      $('#rounds')!.innerHTML = controls;
      $('#start')?.addEventListener('click', () => void act({ type: 'startRound' }));
      $('#close')?.addEventListener('click', () => void act({ type: 'closeRound' }));
      $('#end')?.addEventListener('click', () => {
        if (confirm(t('confirmEnd'))) void act({ type: 'endSession' });
      });
      $('#export')?.addEventListener('click', () => void act({ type: 'export' }, t('exported', { dir: `${state.teacher?.dataDir ?? ''}/debrief` })));
    }
    $('#round-progress')!.textContent = t('progress', { n: pub.progress.pending, f: pub.progress.failed });
  }

  function people(): void {
    const pub = state.pub;
    const v = state.teacher;
    if (!pub || !v || !state.welcome) return;
    const rows = pub.teams.map((team) => {
      const names = v.participants.filter((p) => p.team === team.number).map((p) => esc(p.name) + (p.role ? ` (${esc(state.welcome!.roles[p.role][state.lang])})` : ''));
      return `<tr><td>${esc(team.name[state.lang])}</td><td>${names.length ? names.join(', ') : `<span class="muted">${t('nobody')}</span>`}</td><td>${team.submitted ? `<span class="badge ok">${t('submitted')}</span>` : ''}</td></tr>`;
    });
    $('#people')!.innerHTML = `<h2>${t('participants')} (${v.participants.length})</h2><table><tbody>${rows.join('')}</tbody></table>`;
  }

  function tables(): void {
    const v = state.teacher;
    const el = $('#tables')!;
    el.hidden = !v || v.tables.length === 0;
    if (!v || el.hidden || !state.welcome) return;
    const wel = state.welcome;
    const lang = state.lang;
    el.innerHTML =
      `<h2>${t('tables')}</h2>` +
      v.tables
        .map((tb) => {
          const team = state.pub?.teams.find((x) => x.number === tb.team);
          const changes = tb.draft ? describeChanges(lang, wel.levers, tb.draft, wel.baseline) : [];
          const figures = ROLE_IDS.map((role) => {
            const rows = (tb.figures[role] ?? []).map((f) => `<li>${esc(wel.outcomes[f.id].label[lang])}: ${f.value ? esc(formatOutcome(lang, f.id, f.value.mean)) : '–'}${f.diff ? ` (${esc(formatDifference(lang, f.id, f.diff.diff))}${f.diff.clear ? ' ✓' : ''})` : ''}</li>`);
            return `<div class="grow"><h3>${tb.agreed.includes(role) ? '✓ ' : ''}${esc(wel.roles[role][lang])}</h3><ul>${rows.join('')}</ul></div>`;
          }).join('');
          return `<h3>${esc(team?.name[lang] ?? String(tb.team))}${tb.version ? ` — ${esc(t('draft', { v: tb.version }))}` : ''}</h3><p>${changes.length ? changes.map(esc).join('; ') : esc(t('noDraft'))}</p><div class="row">${figures}</div>`;
        })
        .join('');
  }

  function render(): void {
    links();
    settings();
    rounds();
    renderBoard($('#board')!);
    tables();
    people();
  }

  setupLanguage(() => {
    settingsShown = '';
    render();
  });
  connect(`token=${encodeURIComponent(token)}`, render);
}
