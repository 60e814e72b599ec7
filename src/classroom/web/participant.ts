/**
 * The participants' page (/join/<code>): join a group (and, in role mode, a role at a table),
 * compose the package, submit it — or propose a draft and agree to one — and watch the board.
 */
import { formatDifference, formatOutcome } from '../../report/classroom/outcomes.ts';
import { formatCriterion } from '../criteria.ts';
import { ROLE_IDS } from '../../report/classroom/texts.ts';
import type { TeamView } from '../views.ts';
import { $, act, connect, esc, forgetMe, keepKeys, myKeys, request, setupLanguage, state, t, toast } from './app.ts';
import { boardShell, renderBoard } from './board.ts';
import { Editor } from './editor.ts';

export function participantPage(): void {
  const code = document.body.dataset.code!;
  const app = $('#app')!;
  app.innerHTML = `<section class="card" id="me"></section><section class="card" id="pkg" hidden><div id="pkg-head"></div><div id="figures"></div><div id="editor"></div><div id="pkg-actions" class="sticky"><div id="pkg-status"></div><div id="pkg-buttons"></div></div></section><section class="card" id="board">${boardShell()}</section>`;
  const editor = new Editor($('#editor')!, () => actions());
  let loadedKey = '';

  const role = () => state.pub?.settings.mode === 'role';

  function meCard(): void {
    const me = $('#me')!;
    const pub = state.pub;
    if (!pub || !state.welcome) return;
    if (pub.ended) {
      me.innerHTML = `<p>${t('ended')}</p>`;
      return;
    }
    if (state.team) {
      const team = pub.teams.find((x) => x.number === state.team!.team);
      const members = state.team.members.map((m) => esc(m.name) + (m.role ? ` (${esc(state.welcome!.roles[m.role][state.lang])})` : '')).join(', ');
      me.innerHTML = `<p><strong>${esc(t('youAre', { name: state.team.you.name, team: team?.name[state.lang] ?? '' }))}</strong>${state.team.you.role ? ` — ${esc(state.welcome.roles[state.team.you.role][state.lang])}` : ''}</p><p class="muted">${members}</p><button type="button" id="leave">${t('leave')}</button>`;
      $('#leave')!.onclick = () => forgetMe();
      return;
    }
    if (me.querySelector('form')) return; // keep what is being typed
    const options = pub.teams.map((x) => `<option value="${x.number}">${esc(x.name[state.lang])} — ${esc(t('members', { n: x.members }))}</option>`).join('');
    const roles = role() ? `<label>${t('chooseRole')} <select name="role">${ROLE_IDS.map((r) => `<option value="${r}">${esc(state.welcome!.roles[r][state.lang])}</option>`).join('')}</select></label>` : '';
    me.innerHTML = `<form class="row"><label>${t('yourName')} <input name="name" maxlength="40" required autocomplete="name"></label><label>${role() ? t('chooseTable') : t('chooseGroup')} <select name="team">${options}</select></label>${roles}<button class="primary" type="submit">${t('join')}</button></form>`;
    me.querySelector('form')!.onsubmit = async (e) => {
      e.preventDefault();
      const f = new FormData(e.target as HTMLFormElement);
      const reply = await request({ type: 'join', name: String(f.get('name') ?? ''), team: Number(f.get('team')), role: role() ? String(f.get('role')) : null });
      if (reply.type === 'error') return toast(reply.reason ?? '', true);
      keepKeys(code, { id: String(reply.id), secret: String(reply.secret) });
      // Reconnect as the member: the next visit (or a dropped connection) comes back the same way.
      location.reload();
    };
  }

  /**
   * The package's actions in two parts, each redrawn only when its own HTML changes: what the
   * package costs and who agreed (which changes with every other role's agreement and every
   * finished run) apart from the buttons, so a redraw never replaces a button between a press and
   * its release, which would lose the click. Handlers are set again each time.
   */
  const drawn = new Map<HTMLElement, string>();
  function draw(el: HTMLElement, html: string): void {
    if (drawn.get(el) === html) return;
    drawn.set(el, html);
    el.innerHTML = html;
  }

  function actions(): void {
    const team = state.team;
    const status = $('#pkg-status')!;
    const buttons = $('#pkg-buttons')!;
    if (!team || !state.pub) return;
    const open = state.pub.round?.status === 'open' && !state.pub.ended;
    const over = editor.overBudget;
    const c = editor.cost();
    const money = (x: number) => esc(formatCriterion(state.lang, 'cost', x));
    // Always in sight while the editor scrolls: what the package costs against the budget.
    const costLine = `<p class="${over ? 'clear-down' : 'muted'}">${money(c.total)} / ${money(c.budget)}</p>`;
    if (!role()) {
      const same = team.submitted !== null && JSON.stringify(team.submitted) === JSON.stringify(editor.values);
      const badge = same ? `<span class="badge ok">${t('submitted')}</span>` : team.submitted ? `<span class="badge warn">${t('unsent')}</span>` : `<span class="badge">${t('notSubmitted')}</span>`;
      draw(status, costLine);
      draw(buttons, `<p class="row"><button class="primary" id="submit" type="button"${!open || over || same ? ' disabled' : ''}>${t('submit')}</button> ${badge} ${editor.dirty ? `<button type="button" id="undo">${t('reset')}</button>` : ''}</p>`);
      $('#submit')!.onclick = () => void act({ type: 'submit', team: team.team, values: editor.values }, t('submitted'));
    } else {
      const d = team.draft;
      const agreedAll = d !== null && team.agreed.length === ROLE_IDS.length;
      const marks = ROLE_IDS.map((r) => `<span class="badge${team.agreed.includes(r) ? ' ok' : ''}">${team.agreed.includes(r) ? '✓' : '…'} ${esc(state.welcome!.roles[r][state.lang])}</span>`).join(' ');
      const mine = team.you.role !== null && team.agreed.includes(team.you.role);
      draw(status, [
        costLine,
        `<p>${d ? esc(t('draftBy', { v: d.version, name: d.by ?? '' })) : t('noDraft')}</p>`,
        d ? `<p>${t('agreement')}: ${marks}</p>` : '',
        agreedAll ? `<p class="clear-up">${t('agreedAll')}</p>` : '',
      ].join(''));
      draw(buttons, [
        `<p class="row"><button type="button" id="propose"${!open || over || !editor.dirty ? ' disabled' : ''}>${t('propose')}</button>`,
        d ? `<button class="primary" type="button" id="agree"${!open || mine || editor.dirty ? ' disabled' : ''}>${esc(t('agree', { v: d.version }))}</button>` : '',
        editor.dirty ? `<button type="button" id="undo">${t('reset')}</button>` : '',
        '</p>',
      ].join(''));
      $('#propose')!.onclick = () => void act({ type: 'propose', team: team.team, values: editor.values });
      const agree = $('#agree');
      if (agree && d) agree.onclick = () => void act({ type: 'agree', team: team.team, version: d.version });
    }
    const undo = $('#undo');
    if (undo) undo.onclick = () => loadEditor(team, true);
  }

  function figures(): void {
    const el = $('#figures')!;
    const f = state.team?.figures;
    if (!f || !state.welcome || !state.pub) {
      el.innerHTML = '';
      return;
    }
    const lang = state.lang;
    const rows = f.rows.map((r) => {
      const def = state.welcome!.outcomes[r.id];
      const v = (x: number | undefined) => (x === undefined ? '–' : esc(formatOutcome(lang, r.id, x)));
      const d = r.diff;
      return `<tr><td>${esc(def.label[lang])}</td><td class="num">${v(r.value?.mean)}${r.value && r.value.n >= 2 ? `<br><span class="ci">[${v(r.value.lo)}, ${v(r.value.hi)}]</span>` : ''}</td><td class="num">${v(r.statusQuo?.mean)}</td><td class="num">${d ? `${esc(formatDifference(lang, r.id, d.diff))}${d.clear ? ' ✓' : ''}` : '–'}</td></tr>`;
    });
    el.innerHTML = `<h3>${t('yourFigures')} — ${esc(t('figuresOf', { what: f.of === 'draft' ? t('theDraft') : t('thePackage'), done: f.done, n: state.pub.board.seeds }))}</h3><div class="scroll"><table><thead><tr><th>${t('figure')}</th><th>${t('thisPackage')}</th><th>${t('statusQuo')}</th><th>${t('difference')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  }

  function loadEditor(team: TeamView, force = false): void {
    const key = JSON.stringify([team.current, team.draft?.version ?? 0]);
    if (!force && key === loadedKey) return;
    const newDraft = role() && loadedKey !== '' && JSON.parse(loadedKey)[1] !== (team.draft?.version ?? 0);
    // Keep the group's unsent changes, unless the server now holds exactly them (just submitted).
    if (!force && editor.dirty && !newDraft && JSON.stringify(editor.values) !== JSON.stringify(team.current)) return;
    if (newDraft && editor.dirty) toast(t('newDraft'));
    loadedKey = key;
    editor.load(team.current);
  }

  function render(): void {
    meCard();
    const pkg = $('#pkg')!;
    pkg.hidden = !state.team;
    if (state.team) {
      $('#pkg-head')!.innerHTML = `<h2>${role() ? t('packageRole') : t('package')}</h2>`;
      loadEditor(state.team);
      actions();
      figures();
    }
    renderBoard($('#board')!);
  }

  setupLanguage(() => {
    $('#me')!.innerHTML = '';
    if (state.team) editor.render();
    render();
  });
  const keys = myKeys(code);
  connect(`code=${encodeURIComponent(code)}${keys ? `&id=${encodeURIComponent(keys.id)}&secret=${encodeURIComponent(keys.secret)}` : ''}`, render);
}
