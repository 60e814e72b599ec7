/**
 * Fonts carried inside the page: every HTML page govbuy writes embeds, as `@font-face` rules with
 * `data:font/woff2;base64,…` URLs, WOFF2 subsets of the fonts it ships (fonts.ts) holding only the
 * characters on the page. A page copied alone — to a projector PC, a phone, a machine without
 * Chinese fonts — renders its Chinese, offline, exactly as it does here.
 *
 * Subsetting is done by subset-font (HarfBuzz's hb-subset compiled to WebAssembly, WOFF2 by
 * Google's encoder). A face is embedded only when the page has characters for it, so an English
 * page without Chinese carries no Chinese font at all. In base64, an English report carries about
 * 65 KB of fonts, a Chinese report or classroom page 200–300 KB.
 */
import { readFile } from 'node:fs/promises';
import subsetFont from 'subset-font';
import { CJK_FAMILY, LATIN_FAMILY, MONO_FAMILY } from './charts/common.ts';
import { CJK, shippedFontFiles, type ShippedFonts } from './fonts.ts';
import type { Lang } from './i18n.ts';

/** The characters a page shows: all of them, and those set in bold (headings, table heads, strong, bold chart text). */
export interface PageText {
  all: string;
  bold: string;
}

/** A face to embed: which shipped file, under which family and weight, for which characters. */
interface Face {
  file: keyof ShippedFonts;
  family: string;
  weight: 400 | 700;
  chars: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Text with its HTML/XML character references decoded. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[ref.toLowerCase()] ?? whole;
  });
}

/** Distinct characters of `text`, sorted, without controls (so equal pages give equal subsets). */
export function distinctChars(text: string): string {
  return [...new Set(text)].filter((c) => c >= ' ').sort().join('');
}

/** Bold runs: headings, table heads, <strong>/<b>, and SVG text drawn bold (vega's chart titles). */
const BOLD_ELEMENTS = /<(h[1-6]|th|strong|b)\b[^>]*>([\s\S]*?)<\/\1>|<text\b[^>]*font-weight="(?:bold|[6-9]00)"[^>]*>([\s\S]*?)<\/text>/gi;

/**
 * The characters of an HTML page. Markup is counted too: it is ASCII, which every page shows
 * anyway, and counting it keeps this simple and never misses a character a browser could show.
 */
export function pageText(html: string): PageText {
  const bold: string[] = [];
  for (const m of html.matchAll(BOLD_ELEMENTS)) bold.push((m[2] ?? m[3] ?? '').replace(/<[^>]*>/g, ''));
  return { all: distinctChars(decodeEntities(html)), bold: distinctChars(decodeEntities(bold.join(''))) };
}

/** Printable ASCII, always embedded in the Latin faces so numbers and punctuation never fall back. */
const ASCII = distinctChars(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''));

const cjkOnly = (chars: string) => [...chars].filter((c) => CJK.test(c)).join('');
const nonCjk = (chars: string) => [...chars].filter((c) => !CJK.test(c)).join('');

/**
 * The faces a page needs. Latin text is DejaVu Sans (code DejaVu Sans Mono); Chinese is Noto Sans
 * Hans. A Chinese page sets all its text in Noto first (its Latin and punctuation match the
 * Chinese), so that face gets every character there; an English page needs it only for CJK ones.
 */
function facesFor(text: PageText, lang: Lang): Face[] {
  const cjkChars = (chars: string) => (lang === 'zh' ? chars : cjkOnly(chars));
  const faces: Face[] = [
    { file: 'latin', family: LATIN_FAMILY, weight: 400, chars: distinctChars(ASCII + nonCjk(text.all)) },
    { file: 'latinBold', family: LATIN_FAMILY, weight: 700, chars: distinctChars(ASCII + nonCjk(text.all)) },
    { file: 'latinMono', family: MONO_FAMILY, weight: 400, chars: distinctChars(ASCII + nonCjk(text.all)) },
  ];
  if (cjkOnly(text.all)) {
    faces.push({ file: 'cjk', family: CJK_FAMILY, weight: 400, chars: cjkChars(text.all) });
    if (cjkOnly(text.bold)) faces.push({ file: 'cjkBold', family: CJK_FAMILY, weight: 700, chars: cjkChars(text.bold) });
  }
  return faces;
}

const fontBytes = new Map<string, Promise<Buffer>>();

function readFont(path: string): Promise<Buffer> {
  let bytes = fontBytes.get(path);
  if (!bytes) {
    bytes = readFile(path);
    fontBytes.set(path, bytes);
    bytes.catch(() => fontBytes.delete(path));
  }
  return bytes;
}

/** A WOFF2 subset of a shipped font with `chars`. */
export async function woff2Subset(file: keyof ShippedFonts, chars: string): Promise<Uint8Array> {
  const font = await readFont(shippedFontFiles()[file]);
  return subsetFont(font, chars, { targetFormat: 'woff2' });
}

/** One `@font-face` rule with the font inline. */
export function fontFaceRule(family: string, weight: number, woff2: Uint8Array): string {
  const data = Buffer.from(woff2.buffer, woff2.byteOffset, woff2.byteLength).toString('base64');
  return `@font-face { font-family: '${family}'; font-style: normal; font-weight: ${weight}; font-display: block; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
}

/**
 * `@font-face` rules for a page's text. One face at a time: hb-subset holds the whole source
 * font (8 MB for Noto) in WebAssembly memory while it works.
 */
export async function fontFaceCss(text: PageText, lang: Lang): Promise<string> {
  const rules: string[] = [];
  for (const face of facesFor(text, lang)) rules.push(fontFaceRule(face.family, face.weight, await woff2Subset(face.file, face.chars)));
  return rules.join('\n');
}

/**
 * The page with its fonts embedded: a `<style>` of `@font-face` rules, last in the head (so the
 * charset declaration stays within the first 1,024 bytes, where browsers look for it).
 */
export async function embedFonts(html: string, lang: Lang): Promise<string> {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error('embedFonts: the page has no </head>');
  const css = await fontFaceCss(pageText(html), lang);
  return `${html.slice(0, at)}<style>\n${css}\n</style>\n${html.slice(at)}`;
}
