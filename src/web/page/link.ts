/**
 * The page's settings in the address's fragment, so that a link restores the page exactly: the
 * place (a preset, or a dropped file with its text when it fits), every changed value, the seeds,
 * the language, large type and the govbuy version that made the link. Pure.
 *
 *   #place=chifeng-xitun&seeds=10&first=1&lang=zh&v=0.1.0&set=policies.payments.advanceShare%3D0.5
 *
 * Each `set` is `path=value` with the value as JSON, as `govbuy run --set` reads it.
 */
import { LANGS, type Lang } from '../../report/i18n.ts';

export interface LinkState {
  /** A preset's name (scenarios/<name>.yaml), or a dropped file's name. */
  place: string;
  /** A dropped file's text, when the link carries it. */
  fileText?: string;
  /** Changed values, path → value, in the order they were made. */
  changes: [string, unknown][];
  seeds: number;
  firstSeed: number;
  lang: Lang;
  large: boolean;
  /** govbuy version that made the link. */
  version: string;
}

export const MAX_SEEDS = 200;
export const MAX_SEED = 2 ** 31 - 1;
/** A dropped file's text rides in the link up to this many bytes (base64 makes it a third longer). */
export const MAX_LINKED_FILE = 32 * 1024;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** `path=value` for a change, the value as JSON (valid YAML for `--set`). */
export function setText([path, value]: readonly [string, unknown]): string {
  return `${path}=${JSON.stringify(value)}`;
}

export function toFragment(s: LinkState): string {
  const p = new URLSearchParams();
  p.set('place', s.place);
  if (s.fileText !== undefined && new TextEncoder().encode(s.fileText).length <= MAX_LINKED_FILE) p.set('file', toBase64Url(s.fileText));
  p.set('seeds', String(s.seeds));
  p.set('first', String(s.firstSeed));
  p.set('lang', s.lang);
  if (s.large) p.set('large', '1');
  p.set('v', s.version);
  for (const change of s.changes) p.append('set', setText(change));
  return `#${p.toString()}`;
}

function wholeNumber(text: string | null, min: number, max: number): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** What a fragment holds; whatever cannot be read is left out and named in `problems`. */
export function fromFragment(hash: string): { state: Partial<LinkState>; problems: string[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const state: Partial<LinkState> = {};
  const problems: string[] = [];
  const place = p.get('place');
  if (place) state.place = place;
  const file = p.get('file');
  if (file !== null) {
    try {
      state.fileText = fromBase64Url(file);
    } catch {
      problems.push('file: the scenario text in the link is damaged');
    }
  }
  const number = (key: string, min: number, max: number, apply: (n: number) => void) => {
    const text = p.get(key);
    if (text === null) return;
    const n = wholeNumber(text, min, max);
    if (n === undefined) problems.push(`${key}=${text}: expected a whole number from ${min} to ${max}`);
    else apply(n);
  };
  number('seeds', 2, MAX_SEEDS, (n) => (state.seeds = n));
  number('first', 0, MAX_SEED, (n) => (state.firstSeed = n));
  const lang = p.get('lang');
  if (lang !== null) {
    if ((LANGS as readonly string[]).includes(lang)) state.lang = lang as Lang;
    else problems.push(`lang=${lang}: expected ${LANGS.join(' or ')}`);
  }
  if (p.get('large') === '1') state.large = true;
  const version = p.get('v');
  if (version) state.version = version;
  const changes: [string, unknown][] = [];
  for (const set of p.getAll('set')) {
    const eq = set.indexOf('=');
    try {
      if (eq <= 0) throw new Error('expected path=value');
      changes.push([set.slice(0, eq), JSON.parse(set.slice(eq + 1))]);
    } catch (err) {
      problems.push(`set=${set}: ${(err as Error).message}`);
    }
  }
  if (changes.length > 0) state.changes = changes;
  return { state, problems };
}
