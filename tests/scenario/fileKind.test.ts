import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseTargetsText, targetsSchema } from '../../src/calibration/targets.ts';
import { GovbuyError } from '../../src/engine/errors.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { experimentSchema } from '../../src/experiments/schema.ts';
import { EXPERIMENT_ONLY_KEYS, fileKindOf, SHARED_KEYS, TARGETS_KEYS, TARGETS_ONLY_KEYS, type FileKind } from '../../src/scenario/fileKind.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { loadScenario, ROOT } from '../helpers/scenario.ts';

const SHIPPED: { kind: FileKind; folder: string }[] = [
  { kind: 'scenario', folder: 'scenarios' },
  { kind: 'experiment', folder: 'experiments' },
  { kind: 'targets', folder: 'scenarios/targets' },
];

function shipped(folder: string): { name: string; text: string }[] {
  return readdirSync(join(ROOT, folder))
    .filter((n) => /\.ya?ml$/.test(n))
    .map((name) => ({ name, text: readFileSync(join(ROOT, folder, name), 'utf8') }));
}

/** The message and advice each reader gives `text` (fails the test if it accepts it). */
function refusal(read: (text: string) => unknown, text: string): string[] {
  try {
    read(text);
  } catch (err) {
    if (err instanceof GovbuyError) return [err.message, ...err.details];
    throw err;
  }
  throw new Error('expected the file to be refused');
}

const asScenario = (text: string) => parseScenarioText(text, 'f.yaml');
const asExperiment = (text: string) => parseExperimentText(text, 'f.yaml');
const xitun = loadScenario('chifeng-xitun.yaml');
const asTargets = (text: string) => parseTargetsText(text, 'f.yaml', xitun);

describe('fileKindOf', () => {
  it('goes by the keys of the three schemas (this layer cannot import the other two)', () => {
    const scenario = Object.keys(scenarioSchema.shape);
    const experiment = Object.keys(experimentSchema.shape);
    const targets = Object.keys(targetsSchema.shape);
    expect([...EXPERIMENT_ONLY_KEYS].sort()).toEqual(experiment.filter((k) => !scenario.includes(k) && !targets.includes(k)).sort());
    expect([...SHARED_KEYS].sort()).toEqual(scenario.filter((k) => experiment.includes(k)).sort());
    expect([...TARGETS_KEYS].sort()).toEqual([...targets].sort());
    expect([...TARGETS_ONLY_KEYS].sort()).toEqual(targets.filter((k) => !scenario.includes(k) && !experiment.includes(k)).sort());
  });

  it('tells every shipped file its kind', () => {
    for (const { kind, folder } of SHIPPED) {
      const files = shipped(folder);
      expect(files.length, folder).toBeGreaterThan(0);
      for (const { name, text } of files) expect(fileKindOf(parse(text))?.kind, `${folder}/${name}`).toBe(kind);
    }
  });

  it('tells none for keys of two kinds or of no kind only, leaving the file to its reader', () => {
    expect(fileKindOf({ years: 20, factors: [] })).toBeNull();
    expect(fileKindOf({ region: {}, targets: [] })).toBeNull();
    expect(fileKindOf({ scenario: 'x.yaml', parameters: [] })).toBeNull();
    expect(fileKindOf({ name: 'x', description: 'y', seed: 1 })).toBeNull();
    expect(fileKindOf({})).toBeNull();
    // years: alone is a scenario's; beside parameters: or targets:, a targets file's.
    expect(fileKindOf({ years: 5 })).toEqual({ kind: 'scenario', telling: ['years'] });
    expect(fileKindOf({ years: 5, targets: [] })).toEqual({ kind: 'targets', telling: ['targets'] });
  });
});

describe('a file of another kind gets one line naming it and the command that takes it', () => {
  const targetsText = readFileSync(join(ROOT, 'scenarios/targets/chifeng-xitun.targets.yaml'), 'utf8');
  const scenarioText = readFileSync(join(ROOT, 'scenarios/chifeng-xitun.yaml'), 'utf8');
  const experimentText = readFileSync(join(ROOT, 'experiments/resistance.yaml'), 'utf8');

  it('a targets file given as a scenario or an experiment', () => {
    expect(refusal(asScenario, targetsText)).toEqual([
      'f.yaml is a calibration targets file, not a scenario (it has "parameters:", "targets:")',
      'to fit a scenario to it: govbuy calibrate <scenario> --targets f.yaml',
    ]);
    expect(refusal(asExperiment, targetsText)).toEqual([
      'f.yaml is a calibration targets file, not an experiment (it has "parameters:", "targets:")',
      'to fit a scenario to it: govbuy calibrate <scenario> --targets f.yaml',
    ]);
  });

  it('a scenario or an experiment given as the targets', () => {
    const [scenarioMessage, scenarioAdvice] = refusal(asTargets, scenarioText);
    expect(scenarioMessage).toBe('f.yaml is a scenario, not a targets file (it has "region:", "years:", "residents:" …)');
    expect(scenarioAdvice).toMatch(/^give it as the scenario, and the figures to fit with --targets: govbuy calibrate f\.yaml --targets <file>/);
    const [experimentMessage, experimentAdvice] = refusal(asTargets, experimentText);
    expect(experimentMessage).toBe('f.yaml is an experiment, not a targets file (it has "scenario:", "factors:", "design:" …)');
    expect(experimentAdvice).toMatch(/^to run the experiment: govbuy sweep f\.yaml; --targets takes a file of free parameters and target figures/);
  });

  it('a targets file with mistakes is still checked as one', () => {
    const [message, ...problems] = refusal(asTargets, 'parameters: []\ntargets: []\nregion: {}\n');
    expect(message).toBe('f.yaml: 3 problems in the targets file');
    expect(problems).toContainEqual(expect.stringMatching(/unknown key "region"/));
  });
});
