/**
 * Reading a calibration folder (`govbuy calibrate`) for a report: its manifest and
 * calibration.json, checked well enough that a half-written, foreign or newer folder gets a clear
 * error instead of a broken report. Format 1 called the runs averaged per draw `settings.seeds`;
 * they are read as `settings.replications`.
 */
import { join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import type { CalibrationJson } from '../calibration/results.ts';
import { CALIBRATION_FORMAT, checkFormatVersion, invalid, isObject, parseJson, readText } from './results.ts';

/** The newest calibration format version this code reads (govbuy calibrate writes it). */
export const CALIBRATION_FORMAT_VERSION = 2;

export interface CalibrationResults {
  dir: string;
  calibration: CalibrationJson;
}

const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

export async function loadCalibrationResults(dir: string, manifest: Record<string, unknown>): Promise<CalibrationResults> {
  checkFormatVersion(dir, manifest, 'calibration', CALIBRATION_FORMAT_VERSION);
  const file = join(dir, 'calibration.json');
  const value = parseJson(dir, 'calibration.json', await readText(dir, 'calibration.json', 'govbuy calibrate did not finish writing the folder, or the file was deleted; run the calibration again'));
  const bad = (why: string) => invalid(`${file} ${why}; run the calibration again`);
  if (!isObject(value) || value.format !== CALIBRATION_FORMAT) throw bad('is not a govbuy calibration');
  const version = value.formatVersion;
  if (typeof version === 'number' && version > CALIBRATION_FORMAT_VERSION)
    throw new GovbuyError('RESULTS_UNSUPPORTED', `${file} was written by a newer govbuy (calibration format version ${version}; this version reads up to ${CALIBRATION_FORMAT_VERSION}); update govbuy to report on it`);
  const problems: string[] = [];
  const settings = value.settings;
  if (!isObject(settings) || typeof settings.seed !== 'number' || typeof settings.level !== 'number' || typeof settings.method !== 'string') problems.push('"settings" lacks method, seed or level');
  if (!Array.isArray(value.parameters) || value.parameters.length === 0) problems.push('"parameters" is not a list of parameters');
  else
    value.parameters.forEach((p, i) => {
      if (!isObject(p) || typeof p.name !== 'string' || !isObject(p.prior) || typeof p.prior.lo !== 'number' || typeof p.prior.hi !== 'number' || !isObject(p.posterior) || typeof p.posterior.median !== 'number')
        problems.push(`"parameters[${i}]" lacks its name, prior or posterior`);
    });
  if (!Array.isArray(value.targets)) problems.push('"targets" is not a list');
  else
    value.targets.forEach((t, i) => {
      if (!isObject(t) || typeof t.name !== 'string' || typeof t.value !== 'number' || !isObject(t.posteriorMedian) || !isNumberOrNull(t.posteriorMedian.mean))
        problems.push(`"targets[${i}]" lacks its name, value or fit at the posterior median`);
    });
  if (!Array.isArray(value.tolerances) || !value.tolerances.every((g) => isObject(g) && typeof g.generation === 'number' && isNumberOrNull(g.epsilon)))
    problems.push('"tolerances" is not a list of generations');
  if (!Array.isArray(value.particles) || !value.particles.every((p) => isObject(p) && typeof p.weight === 'number' && isObject(p.values))) problems.push('"particles" is not a list of weighted particles');
  if (!isObject(value.runs) || typeof value.runs.fit !== 'number') problems.push('"runs" lacks the runs of the fit');
  if (problems.length > 0) throw invalid(`${file} is incomplete`, problems.map((p) => `${file}: ${p}`));
  const calibration = value as unknown as CalibrationJson;
  const s = calibration.settings as CalibrationJson['settings'] & { seeds?: number };
  if (typeof s.replications !== 'number' && typeof s.seeds === 'number') s.replications = s.seeds;
  calibration.warnings ??= [];
  return { dir, calibration };
}
