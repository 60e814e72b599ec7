/**
 * The cluster examples: the Slurm array script runs the shard its array index names (run here
 * with the environment Slurm would give it; scripts/slurm-proof.sh runs it under real Slurm),
 * and the Kubernetes Indexed Job maps JOB_COMPLETION_INDEX to shards the same way.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';
import { read, snapshotXitun, tinyExperiment, writeExperiment } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('govbuy-cluster-')));
afterAll(() => cleanup());

describe('experiments/cluster/slurm-array.sh', () => {
  const script = join(ROOT, 'experiments', 'cluster', 'slurm-array.sh');

  it('is valid bash and reads the array variables', () => {
    execFileSync('bash', ['-n', script]);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('SLURM_ARRAY_TASK_ID');
    expect(text).toContain('SLURM_ARRAY_TASK_COUNT');
    expect(text).toMatch(/--shard "\$\{K\}\/\$\{N\}"/);
  });

  it('array task 1 of 3 sweeps shard 2/3 into <root>/<experiment>-shard-2', () => {
    const file = writeExperiment(dir, 'tiny.yaml', tinyExperiment(snapshotXitun(dir)));
    const out = execFileSync('bash', [script, file], {
      cwd: dir,
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1', SLURM_SUBMIT_DIR: ROOT, GOVBUY_OUT_ROOT: join(dir, 'results') },
      encoding: 'utf8',
    });
    expect(out).toMatch(/^govbuy shard 2\/3 of .*tiny\.yaml/);
    const shard = join(dir, 'results', 'tiny-shard-2');
    expect(JSON.parse(read(shard, 'manifest.json')).shard).toEqual({ k: 2, n: 3 });
    expect(read(shard, 'runs.csv').split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['1', '4', '7']);
  });
});

describe('experiments/cluster/k8s-indexed-job.yaml', () => {
  it('is an Indexed Job whose SHARDS match its completions and whose pods take shard JOB_COMPLETION_INDEX + 1', () => {
    const job = YAML.parse(readFileSync(join(ROOT, 'experiments', 'cluster', 'k8s-indexed-job.yaml'), 'utf8'));
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed' } });
    const container = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(Number(env.SHARDS)).toBe(job.spec.completions);
    const script = container.args.join('\n');
    expect(script).toContain('K=$((JOB_COMPLETION_INDEX + 1))');
    expect(script).toContain('--shard "$K/$SHARDS"');
    expect(script).toContain('--resume');
    execFileSync('bash', ['-n', '-c', script]);
  });
});
