/**
 * zod's settings for the command line's process, made before any command's modules set up (some
 * parse at load: DEFAULT_POLICIES in src/policies/registry.ts).
 *
 * zod compiles a fast path for each object schema (with new Function) the first time it parses.
 * A command parses its scenario once or a few times, and that compiled code is not in the code
 * cache the build loads (scripts/codeCache.mjs), so compiling it costs a command 10–20 ms and
 * wins nothing back. Checks and messages are the same without it (zod's documented `jitless`
 * option). This is the command line's process only: worker threads and the browser keep zod's
 * default.
 */
import { z } from 'zod';

z.config({ jitless: true });
