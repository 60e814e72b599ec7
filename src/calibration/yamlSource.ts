/**
 * A YAML (or JSON, which YAML reads too) document as a plain value plus a way to find where a
 * path is written, for messages of the form `file:line:col path: …`. Pure: the caller reads
 * the text.
 */
import { LineCounter, type Document } from 'yaml';
import type { PathKey } from '../scenario/issues.ts';
import { MAX_PROBLEMS } from '../scenario/load.ts';
import { offsetAt, parseYamlDocument } from '../scenario/yamlDocument.ts';
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
    // Duplicate keys are checked in linear time (the yaml package's own check is quadratic).
    doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  } catch (err) {
    throw new CalibrationError('TARGETS_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  const pos = (offset: number): Located => lineCounter.linePos(offset);
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) {
    const lines = errors.slice(0, MAX_PROBLEMS).map((e) => {
      const { line, col } = pos(e.pos[0]);
      return `${fileName}:${line}:${col} ${firstLine(e.message)}`;
    });
    if (errors.length > lines.length) lines.push(`… and ${errors.length - lines.length} more (only the first ${lines.length} are listed)`);
    throw new CalibrationError('TARGETS_PARSE', `${fileName}: YAML syntax ${errors.length === 1 ? 'error' : 'errors'}`, lines);
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
