/**
 * What every page shares: the connection to the session (reconnecting on its own), the latest
 * views the server sent, requests that wait for their answer, the language, small helpers to
 * write HTML safely, and a toast for answers.
 */
import type { Lang } from '../../report/i18n.ts';
import type { PublicView, TeacherView, TeamView, Welcome } from '../views.ts';
import { htmlLang, otherLang, PAGE_TITLES, w, type PageKind, type WordKey } from './texts.ts';

export interface State {
  welcome?: Welcome;
  pub?: PublicView;
  team?: TeamView;
  teacher?: TeacherView;
  lang: Lang;
}

export const state: State = { lang: (document.body.dataset.lang as Lang) ?? 'en' };

export const t = (key: WordKey, vars?: Record<string, string | number>) => w(state.lang, key, vars);

export function esc(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const $ = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T | null => root.querySelector<T>(selector);

let toastTimer: number | undefined;
export function toast(text: string, error = false): void {
  const el = $('#toast')!;
  el.textContent = text;
  el.className = error ? 'error' : '';
  el.style.display = 'block';
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (el.style.display = 'none'), error ? 6000 : 2500);
}

type Reply = { type: string; reason?: string; [k: string]: unknown };

let socket: WebSocket | null = null;
let nextRef = 1;
const waiting = new Map<number, (reply: Reply) => void>();
let onUpdate: () => void = () => undefined;
let params = '';
let retry = 500;

/** What the header says of the connection (kept to say it again in the other language). */
let status: WordKey | null = null;

function setStatus(key: WordKey): void {
  status = key;
  const el = $('#status');
  if (el) el.textContent = t(key);
}

/** Connect to the session's socket with `query` (token=…, or code=… and the participant's keys); `update` runs on every view. */
export function connect(query: string, update: () => void): void {
  params = query;
  onUpdate = update;
  open();
}

function open(): void {
  setStatus('connecting');
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?${params}`);
  socket = ws;
  ws.onopen = () => {
    retry = 500;
    setStatus('connected');
  };
  ws.onmessage = (event) => {
    const m = JSON.parse(String(event.data)) as Reply;
    if (typeof m.ref === 'number' && waiting.has(m.ref)) {
      waiting.get(m.ref)!(m);
      waiting.delete(m.ref);
    } else if (m.type === 'error') toast(m.reason ?? 'error', true);
    if (m.type === 'welcome') state.welcome = m as unknown as Welcome;
    else if (m.type === 'public') state.pub = m as unknown as PublicView;
    else if (m.type === 'team') state.team = m as unknown as TeamView;
    else if (m.type === 'teacher') state.teacher = m as unknown as TeacherView;
    else if (m.type === 'forgotten') forgetMe();
    else return;
    onUpdate();
  };
  ws.onclose = () => {
    setStatus('offline');
    for (const resolve of waiting.values()) resolve({ type: 'error', reason: t('offline') });
    waiting.clear();
    window.setTimeout(open, retry);
    retry = Math.min(5000, retry * 2);
  };
}

/** Send a message and wait for its answer ("ok", "joined", or "error" with a reason). */
export function request(message: Record<string, unknown>): Promise<Reply> {
  const ref = nextRef++;
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return resolve({ type: 'error', reason: t('offline') });
    waiting.set(ref, resolve);
    socket.send(JSON.stringify({ ...message, ref }));
  });
}

/** Send and show the outcome: a toast for refusals (and for successes when `done` is given). */
export async function act(message: Record<string, unknown>, done?: string): Promise<boolean> {
  const reply = await request(message);
  if (reply.type === 'error') {
    toast(reply.reason ?? 'error', true);
    return false;
  }
  if (done) toast(done);
  return true;
}

// ── A participant's keys, kept in this browser per join code ───────────────

const keyName = (code: string) => `govbuy-classroom-${code}`;

export function myKeys(code: string): { id: string; secret: string } | null {
  try {
    const v = JSON.parse(localStorage.getItem(keyName(code)) ?? 'null') as { id?: unknown; secret?: unknown } | null;
    return v && typeof v.id === 'string' && typeof v.secret === 'string' ? { id: v.id, secret: v.secret } : null;
  } catch {
    return null;
  }
}

export function keepKeys(code: string, keys: { id: string; secret: string }): void {
  localStorage.setItem(keyName(code), JSON.stringify(keys));
}

/** Forget this browser's membership and start over (also when the server no longer knows it). */
export function forgetMe(): void {
  const code = document.body.dataset.code;
  if (code) localStorage.removeItem(keyName(code));
  location.reload();
}

/** The language switch in the header. The page's own language is the session's; a browser keeps its reader's choice. */
export function setupLanguage(render: () => void): void {
  const saved = localStorage.getItem('govbuy-lang');
  if (saved === 'en' || saved === 'zh') state.lang = saved;
  const button = $('#lang')!;
  // The header, outside what `render` draws: the button, the page's title and the connection's status.
  const header = () => {
    document.documentElement.lang = htmlLang(state.lang);
    const title = t(PAGE_TITLES[(document.body.dataset.page ?? 'enter') as PageKind]);
    $('#title')!.textContent = title;
    document.title = `${title} · govbuy`;
    button.textContent = t('otherLanguage');
    button.lang = htmlLang(otherLang(state.lang)); // screen readers read the label in that language
    button.title = t('language');
    if (status) setStatus(status);
  };
  header();
  button.onclick = () => {
    state.lang = otherLang(state.lang);
    localStorage.setItem('govbuy-lang', state.lang);
    header();
    render();
  };
}
