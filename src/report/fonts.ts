/**
 * The fonts the PNG renderer uses, shipped through npm so that a fresh `npm install` renders
 * the same pictures everywhere: DejaVu Sans (Latin, from dejavu-fonts-ttf) and Noto Sans Hans
 * (Simplified Chinese, OFL-1.1, from @embedpdf/fonts-sc; its files name the family "Noto Sans S
 * Chinese"). System fonts are never loaded: with no font, resvg would silently drop every text.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

let cached: string[] | undefined;

/** Characters that need the CJK font (CJK scripts, full-width forms, CJK punctuation). */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

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
  let files: string[];
  try {
    const dejavu = dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    const noto = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    files = [join(dejavu, 'DejaVuSans.ttf'), join(dejavu, 'DejaVuSans-Bold.ttf'), join(noto, 'NotoSansHans-Regular.otf')];
  } catch (err) {
    throw new Error(`the chart fonts are not installed (${(err as Error).message}); run npm install`);
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`chart font files are missing: ${missing.join(', ')}; run npm install`);
  cached = files;
  return files;
}
