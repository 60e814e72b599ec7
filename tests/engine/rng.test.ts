import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { aleaNext, createDistrictStreams, districtStreamOffset, loadDistrictStream, RandomStream, saveDistrictStream } from '../../src/engine/rng.ts';

describe('random streams', () => {
  it("draw exactly seedrandom's Alea sequence, bit for bit", () => {
    for (const seed of ['govbuy:1:needs', 'govbuy:42:delivery:district 7', '', 'x']) {
      const reference = seedrandom.alea(seed);
      const stream = new RandomStream(seed);
      for (let k = 0; k < 20_000; k++) expect(stream.next()).toBe(reference());
    }
  });

  it('continue from a saved state as seedrandom does, and save it in the same form', () => {
    const reference = seedrandom.alea('checkpoint', { state: true });
    const stream = new RandomStream('checkpoint');
    for (let k = 0; k < 1_000; k++) stream.next(), reference();
    expect(stream.saveState()).toEqual(reference.state());
    const resumed = RandomStream.fromState(JSON.parse(JSON.stringify(stream.saveState())) as object);
    const resumedReference = seedrandom.alea('', { state: reference.state() });
    for (let k = 0; k < 1_000; k++) expect(resumed.next()).toBe(resumedReference());
  });

  it('say what is wrong with a malformed saved state', () => {
    expect(() => RandomStream.fromState({ c: 1, s0: 0.5, s1: 0.25 })).toThrow(/c, s0, s1 and s2/);
  });

  it("keep a district's stream where the states array holds it, and touch no other", () => {
    const states = new Float64Array(2 * 3 * 4);
    createDistrictStreams(9, 2, states);
    const before = states.slice();
    const at = districtStreamOffset(1, 'delivery');
    const stream = loadDistrictStream(states, at);
    const reference = new RandomStream('govbuy:9:delivery:district 1');
    for (let k = 0; k < 100; k++) expect(aleaNext(stream.state)).toBe(reference.next());
    // Drawing works on a copy; saving writes back this stream's four numbers only.
    expect(states).toEqual(before);
    saveDistrictStream(stream, states, at);
    expect(Array.from(states.subarray(at, at + 4))).toEqual(Array.from(reference.state));
    states.set(before.subarray(at, at + 4), at);
    expect(states).toEqual(before);
  });
});
