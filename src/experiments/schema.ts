/**
 * The experiment file (experiments/*.yaml): which scenario(s) to start from, which parameters
 * to vary and how (a full grid of explicit values, or a Latin hypercube, Sobol/Saltelli or
 * Morris design over ranges), how many seeds per design point, the experiment seed, and which
 * outputs to keep. Validated with zod like scenarios; `govbuy experiment-schema` prints the
 * JSON Schema generated from it. Checks that need more than one field (a range factor in a
 * grid, a sample size too small for its design, a name used twice) live in file.ts. Pure.
 */
import { z } from 'zod';
import { MECHANISMS } from '../model/mechanisms.ts';

/** Largest run seed (the scenario schema's bound for `seed`). */
export const MAX_SEED = 2 ** 31 - 1;

/** Bounds of `limits` (per-run time limit and per-worker heap). */
export const MAX_RUN_SECONDS = 7 * 24 * 3600;
export const MIN_RUN_MEMORY_MB = 32;
export const MAX_RUN_MEMORY_MB = 1024 * 1024;


/** Names that would reach into JavaScript's object machinery; never valid column names or keys. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const columnName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a column name: letters, digits, _ . - (starting with a letter or _)')
  .refine((n) => !RESERVED_NAMES.has(n), 'a column name other than __proto__, constructor or prototype');

const factorSchema = z
  .strictObject({
    path: z.string().min(1).meta({
      description: 'Dotted path of the scenario parameter to vary, as in --set (policies.payments.advanceShare; list entries by index: organizations.initial.0.count).',
    }),
    name: columnName
      .optional()
      .meta({ description: 'Column name in runs.csv and the analysis (default: the path).' }),
    values: z.array(z.unknown()).min(1).optional().meta({
      description: 'Grid design: the values to try (any YAML value the parameter accepts: numbers, text, true/false, lists, mappings).',
    }),
    range: z.tuple([z.number(), z.number()]).optional().meta({
      description: 'Sampled designs (lhs, sobol, morris): the interval [low, high] to sample.',
    }),
    integer: z.boolean().default(false).meta({ description: 'With range: sample whole numbers only (each whole number in the range equally likely).' }),
    log: z.boolean().default(false).meta({ description: 'With range: sample uniformly on a log scale (the range must be above 0).' }),
  })
  .meta({ description: 'One parameter to vary: either `values` (grid) or `range` (sampled designs).' });
export type Factor = z.output<typeof factorSchema>;

const scenarioFactorSchema = z
  .strictObject({
    name: columnName
      .default('scenario')
      .meta({ description: 'Column name of this factor in runs.csv (e.g. region).' }),
    values: z.array(z.string().min(1)).min(1).meta({ description: 'Scenario files, relative to the experiment file; every design point runs on each.' }),
  })
  .meta({ description: 'A factor over scenario files (e.g. regions): every design point runs on each file.' });

const leverFactorSchema = z
  .strictObject({
    path: z.string().min(1).meta({ description: 'Dotted path of a lever: a parameter under policies. (or one the file declares under levers:), e.g. policies.payments.advanceShare.' }),
    name: columnName.optional().meta({ description: 'Column name of the lever in runs.csv (default: the path).' }),
    values: z.array(z.unknown()).min(1).meta({ description: 'The values to try; every combination of the levers’ values is one policy.' }),
  })
  .meta({ description: 'One lever of a policy grid.' });

const policySchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[^\u0000-\u001f]+$/, 'a name without control characters')
      .refine((n) => !RESERVED_NAMES.has(n), 'a name other than __proto__, constructor or prototype')
      .meta({ description: 'Name of the policy (its value in the policy column of runs.csv and the robustness tables).' }),
    description: z.string().default('').meta({ description: 'What the policy does, in a sentence.' }),
    levers: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: 'Lever values of the policy, `dotted.path: value` (paths under policies., or declared under levers:). Levers it leaves out keep the scenario’s own setting.' }),
    statusQuo: z
      .boolean()
      .default(false)
      .meta({ description: 'true: the policy is the scenario as written (no lever values). A policy without lever values must say so.' }),
  })
  .meta({ description: 'A named policy package: a set of lever values.' });

const policiesSchema = z
  .union([
    z.array(policySchema).min(1),
    z.strictObject({
      grid: z.array(leverFactorSchema).min(1).meta({ description: 'Levers and their values; every combination is a policy, named by its lever values.' }),
    }),
  ])
  .meta({ description: 'What the government chooses: a list of named policy packages, or { grid: [levers with values] }. Every policy runs in every sampled future.' });

const uncertaintySchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      path: z.string().min(1).meta({ description: 'Dotted path of the uncertain parameter (not a lever).' }),
      name: columnName.optional().meta({ description: 'Column name in runs.csv (default: the path).' }),
      range: z
        .tuple([z.number(), z.number()])
        .optional()
        .meta({ description: 'Interval [low, high] to sample (default: the plausible range the scenario schema gives the parameter, `govbuy schema`).' }),
      integer: z.boolean().optional().meta({ description: 'Sample whole numbers only (default: whether the parameter is a whole number).' }),
      log: z.boolean().default(false).meta({ description: 'Sample uniformly on a log scale (the range must be above 0).' }),
    }),
  ])
  .meta({ description: 'An uncertain parameter: its dotted path (the schema’s plausible range is sampled), or { path, name?, range?, integer?, log? }.' });

const thresholdSchema = z
  .union([z.number(), z.string().min(1)])
  .meta({ description: 'A satisficing threshold: "<= 5", ">= 0.8", "< 3", "> 10", or a bare number (compared as the outcome’s direction says: at most for minimize, at least for maximize).' });

const designSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('grid').meta({ description: 'Full factorial: every combination of the factors’ values.' }),
    }),
    z.strictObject({
      type: z.literal('lhs').meta({ description: 'Latin hypercube sample over the factors’ ranges.' }),
      samples: z.number().int().meta({ description: 'Design points (at least 2).' }),
    }),
    z.strictObject({
      type: z.literal('sobol').meta({ description: 'Saltelli’s scheme on a Sobol sequence, for first- and total-order Sobol indices: samples × (factors + 2) points.' }),
      samples: z.number().int().meta({ description: 'Base samples N (at least 8; a power of 2 is best).' }),
    }),
    z.strictObject({
      type: z.literal('morris').meta({ description: 'Morris elementary-effects screening: trajectories × (factors + 1) points.' }),
      trajectories: z.number().int().meta({ description: 'Trajectories r (at least 2; 10–20 is usual).' }),
      levels: z.number().int().default(4).meta({ description: 'Grid levels p per factor (even, at least 2); steps are Δ = p / (2(p − 1)) of the range.' }),
    }),
  ])
  .meta({ description: 'How factor values are combined into design points.' });
export type Design = z.output<typeof designSchema>;
export type PolicyInput = z.output<typeof policySchema>;
export type Uncertainty = z.output<typeof uncertaintySchema>;
export type DesignType = Design['type'];

export const experimentSchema = z.strictObject({
  name: z.string().min(1).optional().meta({ description: 'Name of the experiment (default: the file name without extension).' }),
  description: z.string().default('').meta({ description: 'What the experiment asks, in a few sentences.' }),
  descriptionZh: z.string().optional().meta({ description: 'The description in Chinese (Chinese reports show it; default: the description).' }),
  scenario: z
    .union([z.string().min(1), scenarioFactorSchema])
    .meta({ description: 'The base scenario file, relative to the experiment file; or a factor over several scenario files.' }),
  set: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({ description: 'Fixed overrides applied to every run before the factors (dotted path: value), e.g. years: 10.' }),
  knockOut: z
    .array(z.enum(MECHANISMS.map((m) => m.id) as [string, ...string[]]))
    .default([])
    .meta({
      description:
        'Mechanisms of the model switched off in every run, by id (src/model/mechanisms.ts, docs/mechanisms.md): their parameter values join set:. For structural uncertainty: sweep the same experiment with and without one.',
    }),
  factors: z.array(factorSchema).default([]).meta({ description: 'The parameters varied, in column order.' }),
  policies: policiesSchema.optional(),
  uncertainties: z
    .array(uncertaintySchema)
    .min(1)
    .optional()
    .meta({ description: 'What the government cannot control: parameters sampled over their ranges (design lhs, sobol or morris) into futures; every policy runs in every future with the same seed (common random numbers). Replaces factors:.' }),
  levers: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Paths outside policies. that count as levers too (e.g. governments.street.purchaseShare): policies may set them, uncertainties may not include them.' }),
  design: designSchema.default({ type: 'grid' }),
  replications: z.number().int().min(1).max(100_000).default(1).meta({ description: 'Runs (seeds) per design point.' }),
  seed: z.number().int().min(0).max(MAX_SEED).default(1).meta({ description: 'Experiment seed: every run seed and every sampled design derive from it.' }),
  commonRandomNumbers: z
    .boolean()
    .default(false)
    .meta({ description: 'Give replicate r of every design point the same seed (common random numbers) instead of a seed per run.' }),
  branchAt: z
    .number()
    .int()
    .min(1)
    .max(199)
    .optional()
    .meta({
      description:
        'Branch from a warm state: run the base scenario (with `set`) to the start of this run year, save its full state, and continue every design point from it with its factor values applied then. Implies common random numbers; factors must be paths that may change during a run (policies, governments, labour, residents, organizations, committees, domains).',
    }),
  outputs: z
    .strictObject({
      series: z.boolean().default(false).meta({ description: 'Also write each run’s monthly series as series/<run_index>.csv.' }),
      outcomes: z
        .array(z.string())
        .min(1)
        .optional()
        .meta({ description: 'Summary outcomes written to runs.csv (default: all: final.*, exits_by_cause.*, first_year_mortality, totals.*).' }),
      metrics: z.array(z.string()).min(1).optional().meta({ description: 'Old name of outputs.outcomes (still accepted, with a note).', deprecated: true }),
    })
    .prefault({})
    .meta({ description: 'What each run keeps.' }),
  analysis: z
    .strictObject({
      outcomes: z
        .array(z.string())
        .min(1)
        .optional()
        .meta({ description: 'Outcomes that `govbuy analyze` computes effects and sensitivity indices for (default: every outcome kept but final.month and final.year).' }),
      outputs: z.array(z.string()).min(1).optional().meta({ description: 'Old name of analysis.outcomes (still accepted, with a note).', deprecated: true }),
      bootstrap: z.number().int().min(10).max(100_000).default(1000).meta({ description: 'Bootstrap resamples for the confidence intervals of sensitivity indices.' }),
      confidence: z.number().gt(0).lt(1).default(0.95).meta({ description: 'Confidence level of intervals.' }),
      thresholds: z
        .record(z.string(), thresholdSchema)
        .default({})
        .meta({ description: 'Policies × futures: per outcome, the threshold a future must meet to count as satisficing, e.g. exits_by_cause.insolvency: "<= 5".' }),
      directions: z
        .record(z.string(), z.enum(['minimize', 'maximize']))
        .default({})
        .meta({ description: 'Policies × futures: per outcome, whether lower (minimize) or higher (maximize) is better, for regret. Default: the threshold’s comparison, else minimize for outcomes that count harm (exits, mortality, failures, complaints, resistance, blocked transfers, insider share, concentration, cost ratio), maximize for the rest.' }),
    })
    .prefault({})
    .meta({ description: 'Settings of `govbuy analyze`.' }),
  limits: z
    .strictObject({
      runSeconds: z
        .number()
        .positive()
        .max(MAX_RUN_SECONDS)
        .optional()
        .meta({
          description:
            'Per-run time limit in seconds (wall clock, counted from when a worker thread starts the run). A run still going then is recorded as failed ("exceeded the time limit of N s"), its worker thread is ended and replaced, and the sweep goes on. Default: no limit. `govbuy sweep --run-timeout` overrides it.',
        }),
      memoryMB: z
        .number()
        .int()
        .min(MIN_RUN_MEMORY_MB)
        .max(MAX_RUN_MEMORY_MB)
        .optional()
        .meta({
          description: `Heap limit of each worker thread in MB (V8's old generation, maxOldGenerationSizeMb; at least ${MIN_RUN_MEMORY_MB}: the code itself needs some). A run that exceeds it ends only its worker thread, which is replaced; the run is recorded as failed ("ran out of memory (limit N MB)"). Default: V8's default heap limit. \`govbuy sweep --run-memory\` overrides it.`,
        }),
    })
    .prefault({})
    .meta({
      description:
        'Limits per run, enforced on worker threads (with a limit in effect, `--workers 0` or `1` runs one worker thread instead of the main thread). Not part of the experiment’s fingerprint: they may change between the sessions of a sweep (e.g. more memory for --retry-failed).',
    }),
});
export type Experiment = z.output<typeof experimentSchema>;
export type ExperimentInput = z.input<typeof experimentSchema>;

export const EXPERIMENT_SCHEMA_ID = 'urn:govbuy:experiment';

/** The JSON Schema of experiment files (for editors and validators). */
export function experimentJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(experimentSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    $schema,
    $id: EXPERIMENT_SCHEMA_ID,
    title: 'govbuy experiment',
    description: 'A govbuy experiment file (YAML or JSON): a base scenario, factors (or policies and uncertainties), a design, replications, a seed, the outputs to keep and the analysis settings.',
    ...rest,
  };
}
