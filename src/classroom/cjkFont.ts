/**
 * The Chinese font of the live classroom's pages. Many classroom PCs and projectors (and Debian's
 * Chromium) have no Chinese fonts, so the server serves its own: a WOFF2 subset of the shipped
 * Noto Sans SC (src/report/fonts.ts) with every Chinese character the pages' texts use, plus the
 * 3,755 common characters of GB2312 level 1 so that most names students type show too (an
 * assumption: rarer characters fall back to the system's fonts).
 *
 * Subsetting takes several seconds, so it runs once per set of characters and is kept in
 * node_modules/.cache/govbuy/ (as the worker bundles are); the server starts at once and the
 * first page that needs the font waits for it. Pages name it in an `@font-face` rule with a
 * Chinese `unicode-range`, so a browser downloads it only for a page that shows Chinese; an
 * English page's one Chinese word, its language button's "中文", has a small face of its own.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/version.ts';
import { WORKER_CACHE_DIR } from '../io/workerModule.ts';
import { woff2Subset } from '../report/pageFonts.ts';
import { WORDS } from './web/texts.ts';

/** Chinese characters and full-width punctuation. */
const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/gu;

/** The 3,755 characters of GB2312 level 1 (rows 0xB0–0xD7), the common characters of names. */
function gb2312LevelOne(): string {
  const gbk = new TextDecoder('gbk');
  let chars = '';
  for (let row = 0xb0; row <= 0xd7; row++) for (let cell = 0xa1; cell <= 0xfe; cell++) chars += gbk.decode(new Uint8Array([row, cell]));
  return chars;
}

/** Every Chinese character in the texts the pages show: their script, and the sources of what the server sends (levers and their descriptions, outcomes, places). */
async function pageCharacters(script: string): Promise<string> {
  let text = script + gb2312LevelOne();
  for (const dir of ['src/classroom', 'src/classroom/web', 'src/report', 'src/report/classroom', 'src/scenario', 'scenarios']) {
    for (const name of await readdir(join(PACKAGE_ROOT, dir)).catch(() => [] as string[])) {
      if (/\.(ts|ya?ml)$/.test(name)) text += await readFile(join(PACKAGE_ROOT, dir, name), 'utf8');
    }
  }
  return [...new Set(text.match(CHINESE) ?? [])].sort().join('');
}

/** The font, from the cache or made now (and cached); a promise the server makes once and shares. */
export async function classroomCjkFont(script: string): Promise<Buffer> {
  return cachedSubset('cjk', await pageCharacters(script));
}

/**
 * The English pages' one Chinese word, their language button's "中文", as a face of its own: a
 * few kilobytes that an English page downloads instead of the whole font (about 0.7 MB), unless
 * it shows other Chinese too (a name a student typed).
 */
export function languageButtonFont(): Promise<Buffer> {
  return cachedSubset('cjk-label', WORDS.en.otherLanguage);
}

/** A WOFF2 subset of the shipped Noto Sans SC with `chars`, from the cache or made now (and cached). */
async function cachedSubset(name: string, chars: string): Promise<Buffer> {
  const key = createHash('sha256').update(chars).digest('hex').slice(0, 16);
  const file = join(WORKER_CACHE_DIR, `classroom-${name}-${key}.woff2`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return cached;
  const font = Buffer.from(await woff2Subset('cjk', chars));
  // Written under a temporary name and renamed, so a concurrent server never reads half a font;
  // a cache that cannot be written only costs the next start the same seconds.
  await mkdir(WORKER_CACHE_DIR, { recursive: true })
    .then(() => writeFile(`${file}.${process.pid}.tmp`, font))
    .then(() => rename(`${file}.${process.pid}.tmp`, file))
    .catch(() => undefined);
  return font;
}
