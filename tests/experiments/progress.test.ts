import { describe, expect, it } from 'vitest';
import { createMonthProgress, createProgress, formatDuration, monthProgressText, progressText } from '../../src/experiments/progress.ts';

describe('sweep progress', () => {
  it('reads runs done, failures, rate and time left', () => {
    expect(progressText(123, 400, 2, 3.2)).toBe('123/400 runs (30%), 2 failed, 3.2 runs/s, ETA 1m27s');
    expect(progressText(400, 400, 0, 20)).toBe('400/400 runs (100%), 20 runs/s, ETA 0s');
    expect(progressText(1, 400, 0, null)).toBe('1/400 runs (0%), ? runs/s, ETA ?');
    expect([5, 65, 3600 * 2 + 61, NaN].map(formatDuration)).toEqual(['5s', '1m05s', '2h01m', '?']);
  });

  it('on a terminal redraws one line in place; otherwise prints a plain line every few seconds', () => {
    let t = 0;
    const tty: string[] = [];
    const bar = createProgress({ write: (s) => tty.push(s), tty: true, columns: 100, total: 4, done: 0, now: () => t });
    for (let i = 0; i < 4; i++) {
      t += 1000;
      bar.tick(i === 2);
    }
    bar.end();
    expect(tty.every((s) => s.startsWith('\r'))).toBe(true);
    expect(tty.at(-2)).toMatch(/^\r\[#+\] 4\/4 runs \(100%\), 1 failed, 1\.0 runs\/s, ETA 0s\x1b\[K$/);

    t = 0;
    const lines: string[] = [];
    const plain = createProgress({ write: (s) => lines.push(s), tty: false, total: 100, done: 40, every: 10, now: () => t });
    for (let i = 0; i < 30; i++) {
      t += 1000;
      plain.tick(false);
    }
    plain.end();
    expect(lines).toEqual(['sweep: 50/100 runs (50%), 1.0 runs/s, ETA 50s\n', 'sweep: 60/100 runs (60%), 1.0 runs/s, ETA 40s\n', 'sweep: 70/100 runs (70%), 1.0 runs/s, ETA 30s\n']);
  });
});

describe('run progress (govbuy run)', () => {
  it('says nothing for the first 2 s, then redraws months done, time and ETA in place, and clears its line', () => {
    let t = 0;
    const out: string[] = [];
    const p = createMonthProgress({ write: (s) => out.push(s), tty: true, columns: 100, total: 240, now: () => t });
    for (let m = 1; m <= 240; m++) {
      t += 25; // 40 months a second: 6 s in all
      p.month(m);
    }
    p.end();
    const drawn = out.slice(0, -1);
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(30); // at most ~5 a second
    expect(drawn[0]).toMatch(/^\r\[#+-+\] month 80\/240 \(33%\), 2\.0 s, ETA 4s\x1b\[K$/);
    expect(drawn.at(-1)).toMatch(/month 240\/240 \(100%\), 6\.0 s, ETA 0s/);
    expect(out.at(-1)).toBe('\r\x1b[K');
    expect(monthProgressText(0, 240, 0, null)).toBe('month 0/240 (0%), 0.0 s, ETA ?');
  });

  it('is quiet off a terminal and for short runs', () => {
    for (const [tty, step] of [[false, 100], [true, 5]] as const) {
      let t = 0;
      const out: string[] = [];
      const p = createMonthProgress({ write: (s) => out.push(s), tty, total: 240, now: () => t });
      for (let m = 1; m <= 240; m++) {
        t += step;
        p.month(m);
      }
      p.end();
      expect(out).toEqual([]);
    }
  });
});
