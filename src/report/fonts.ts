/**
 * The fonts govbuy ships through npm, so that a fresh `npm install` draws and shows the same text
 * everywhere: DejaVu Sans and Sans Mono (Latin, from dejavu-fonts-ttf) and Noto Sans Hans
 * (Simplified Chinese, OFL-1.1, from @embedpdf/fonts-sc; its files name the family "Noto Sans S
 * Chinese"). The PNG renderer loads them and never the system's (with no font, resvg would
 * silently drop every text); HTML pages embed subsets of them (pageFonts.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

let cached: string[] | undefined;

/** Characters that need the CJK font (CJK scripts, full-width forms, CJK punctuation). */
export const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

/**
 * Font files for rendering `text` (an SVG): DejaVu Sans always, Noto Sans Hans only when the
 * text has CJK characters. resvg loads the files on every render and maps the CJK one again for
 * every text it draws (8 MB a face: Chinese charts take several times longer to draw than
 * English ones), so only the regular Chinese face is used and bold Chinese titles come out
 * regular.
 */
export function fontFilesFor(text: string): string[] {
  const [latin, latinBold, cjk] = fontFiles();
  return CJK.test(text) ? [latin, latinBold, cjk] : [latin, latinBold];
}

/** Paths of DejaVu Sans (regular, bold) and Noto Sans Hans (regular); fails if a package is missing. */
export function fontFiles(): string[] {
  if (cached) return cached;
  const f = shippedFontFiles();
  cached = [f.latin, f.latinBold, f.cjk];
  return cached;
}

/** Every font file govbuy ships, by role: PNG charts use three, HTML pages embed subsets of all five. */
export interface ShippedFonts {
  latin: string;
  latinBold: string;
  latinMono: string;
  cjk: string;
  cjkBold: string;
}

let shipped: ShippedFonts | undefined;

/** Paths of the shipped fonts; fails, saying how to fix it, if a package or file is missing. */
export function shippedFontFiles(): ShippedFonts {
  if (shipped) return shipped;
  let files: ShippedFonts;
  try {
    const dejavu = dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    const noto = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    files = {
      latin: join(dejavu, 'DejaVuSans.ttf'),
      latinBold: join(dejavu, 'DejaVuSans-Bold.ttf'),
      latinMono: join(dejavu, 'DejaVuSansMono.ttf'),
      cjk: join(noto, 'NotoSansHans-Regular.otf'),
      cjkBold: join(noto, 'NotoSansHans-Bold.otf'),
    };
  } catch (err) {
    throw new Error(`the fonts are not installed (${(err as Error).message}); run npm install`);
  }
  const missing = Object.values(files).filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`font files are missing: ${missing.join(', ')}; run npm install`);
  shipped = files;
  return files;
}
