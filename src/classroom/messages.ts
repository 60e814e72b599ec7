/**
 * The messages clients send over the session's WebSocket, as zod schemas: sizes, types and
 * ranges checked before anything acts on them, every refusal a sentence that says what was
 * wrong. Who may send which (teacher or participant) is the server's check (server.ts).
 */
import { z } from 'zod';
import { ROLE_IDS } from '../report/classroom/texts.ts';
import { CRITERIA } from './criteria.ts';
import { packageSchema, type Lever } from './levers.ts';
import { LIMITS, MODES } from './session.ts';

/** Largest message accepted, in bytes; a package of every lever is about 2 KB. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** What the teacher may send. */
export const TEACHER_TYPES = ['configure', 'startRound', 'closeRound', 'endSession', 'export'] as const;
/** What a participant may send (joined or not). */
export const PARTICIPANT_TYPES = ['join', 'submit', 'propose', 'agree'] as const;

const ref = z.number().int().min(0).max(2 ** 31).optional();
const team = z.number().int().min(1).max(LIMITS.groups[1]);

export function messageSchema(levers: readonly Lever[]) {
  const values = packageSchema(levers);
  return z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('ping'), ref }),
    z.strictObject({
      type: z.literal('configure'),
      ref,
      settings: z.strictObject({
        mode: z.enum(MODES).optional(),
        groups: z.number().int().min(LIMITS.groups[0]).max(LIMITS.groups[1]).optional(),
        seeds: z.number().int().min(LIMITS.seeds[0]).max(LIMITS.seeds[1]).optional(),
        years: z.number().int().min(LIMITS.years[0]).max(LIMITS.years[1]).optional(),
        budget: z.number().min(LIMITS.budget[0]).max(LIMITS.budget[1]).optional(),
        weights: z.strictObject(Object.fromEntries(CRITERIA.map((c) => [c, z.number().min(LIMITS.weight[0]).max(LIMITS.weight[1]).optional()]))).optional(),
      }),
    }),
    z.strictObject({ type: z.literal('startRound'), ref }),
    z.strictObject({ type: z.literal('closeRound'), ref }),
    z.strictObject({ type: z.literal('endSession'), ref }),
    z.strictObject({ type: z.literal('export'), ref }),
    z.strictObject({ type: z.literal('join'), ref, name: z.string().trim().min(1).max(LIMITS.name), team, role: z.enum(ROLE_IDS).nullable().optional() }),
    z.strictObject({ type: z.literal('submit'), ref, team, values }),
    z.strictObject({ type: z.literal('propose'), ref, team, values }),
    z.strictObject({ type: z.literal('agree'), ref, team, version: z.number().int().min(1).max(1e6) }),
  ]);
}

export type Message = z.infer<ReturnType<typeof messageSchema>>;

export type Parsed = { ok: true; message: Message } | { ok: false; reason: string; ref?: number };

/** A message's text, parsed and validated; a refusal names the problem and where it is. */
export function parseMessage(schema: ReturnType<typeof messageSchema>, text: string, bytes: number): Parsed {
  if (bytes > MAX_MESSAGE_BYTES) return { ok: false, reason: `message refused: ${bytes} bytes, at most ${MAX_MESSAGE_BYTES}` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'message refused: it is not JSON' };
  }
  const refOf = (d: unknown) => (d && typeof d === 'object' && typeof (d as { ref?: unknown }).ref === 'number' ? (d as { ref: number }).ref : undefined);
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issues = result.error.issues.slice(0, 3).map((i) => {
    if (i.code === 'invalid_union' && i.path.join('.') === 'type') {
      const type = (data as { type?: unknown } | null)?.type;
      return `${type === undefined ? 'no message type' : `unknown message type ${JSON.stringify(type).slice(0, 40)}`}; expected one of ping, ${[...TEACHER_TYPES, ...PARTICIPANT_TYPES].join(', ')}`;
    }
    return `${i.path.length > 0 ? i.path.join('.') : 'message'}: ${i.message}`;
  });
  return { ok: false, reason: `message refused: ${issues.join('; ')}`, ref: refOf(data) };
}
