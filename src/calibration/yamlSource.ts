/**
 * A YAML (or JSON, which YAML reads too) document as a plain value plus a way to find where a
 * path is written, for messages of the form `file:line:col path: …`. Pure: the caller reads
 * the text.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { PathKey } from '../scenario/issues.ts';
import { offsetAt } from '../scenario/yamlDocument.ts';
import { CalibrationError } from './errors.ts';

export interface Located {
  line: number;
  col: number;
}

export interface YamlSource {
  raw: unknown;
  /** Where `path` is written (its key when `atKey`), or the nearest enclosing place. */
  locate(path: readonly PathKey[], atKey?: boolean): Located | undefined;
  /** `file:line:col` for `path`, or the file name alone. */
  where(path: readonly PathKey[], atKey?: boolean): string;
}

const MAX_ALIASES = 100;

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function readYamlSource(text: string, fileName: string): YamlSource {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    throw new CalibrationError('TARGETS_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  const pos = (offset: number): Located => lineCounter.linePos(offset);
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const { line, col } = pos(e.pos[0]);
      return `${fileName}:${line}:${col} ${firstLine(e.message)}`;
    });
    throw new CalibrationError('TARGETS_PARSE', `${fileName}: YAML syntax ${lines.length === 1 ? 'error' : 'errors'}`, lines);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw new CalibrationError('TARGETS_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  const locate = (path: readonly PathKey[], atKey = false): Located | undefined => {
    const at = offsetAt(doc, path, atKey);
    return at === undefined ? undefined : pos(at);
  };
  const where = (path: readonly PathKey[], atKey = false): string => {
    const at = locate(path, atKey);
    return at ? `${fileName}:${at.line}:${at.col}` : fileName;
  };
  return { raw, locate, where };
}
