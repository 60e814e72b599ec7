/**
 * The script of the session's pages (bundled by the server with esbuild; vega, vega-lite and
 * vega-embed are loaded beside it as prebuilt files). Each page says what it is in
 * <body data-page>; the server has already checked that whoever loaded it may see it.
 */
import { $, connect, esc, setupLanguage, t } from './app.ts';
import { boardShell, renderBoard } from './board.ts';
import { participantPage } from './participant.ts';
import { teacherPage } from './teacher.ts';

function enterPage(): void {
  const render = () => {
    $('#app')!.innerHTML = `<section class="card"><h2>${t('enterTitle')}</h2><form class="row" id="enter"><label>${t('enterCode')} <input name="code" maxlength="16" autocapitalize="characters" autocomplete="off" required></label><button class="primary" type="submit">${t('enterGo')}</button></form></section>`;
    $('#enter')!.onsubmit = (e) => {
      e.preventDefault();
      const code = String(new FormData(e.target as HTMLFormElement).get('code') ?? '').trim().toUpperCase();
      if (/^[A-Z0-9]{1,16}$/.test(code)) location.href = `/join/${encodeURIComponent(code)}`;
    };
  };
  setupLanguage(render);
  render();
}

function boardPage(): void {
  const code = document.body.dataset.code!;
  $('#app')!.innerHTML = `<section class="card" id="board">${boardShell()}</section>`;
  const render = () => renderBoard($('#board')!);
  setupLanguage(render);
  connect(`code=${encodeURIComponent(code)}`, render);
}

const pages: Record<string, () => void> = { enter: enterPage, join: participantPage, board: boardPage, teacher: teacherPage };
try {
  pages[document.body.dataset.page ?? 'enter']?.();
} catch (err) {
  $('#app')!.innerHTML = `<p>${esc((err as Error).message)}</p>`;
}
