/**
 * Message a worker posts (through parentPort) when it starts a run: `{ [RUN_STARTED]: runIndex }`.
 * Its own module so that the worker's bundle does not pull in the pool (src/io/workerModule.ts).
 */
export const RUN_STARTED = 'govbuyRunStarted';
