import { describe, expect, it } from 'vitest';
import { answerBlock, askedText, bySize, displayWidth, fmt, fmtChange, fmtDiff, splitAnswer, textTable, type AnswerRow } from '../../src/cli/answer.ts';
import { askedOutcomes } from '../../src/policies/outcomeFamilies.ts';

const row = (outcome: string, reference: number, diff: number, half: number): AnswerRow => ({
  outcome,
  reference,
  value: reference + diff,
  diff,
  lo: diff - half,
  hi: diff + half,
  clear: Math.abs(diff) > half,
});

describe('terminal answers', () => {
  const rows = [row('small', 100, 5, 1), row('none', 10, 0.1, 1), row('big', 2, -1.5, 0.5), row('fromZero', 0, 3, 1), row('asked', 5, 0.2, 1)];

  it('show the asked rows in the order asked, then every other clear difference by relative size', () => {
    const { asked, others } = splitAnswer(rows, ['asked', 'none']);
    expect(asked.map((r) => r.outcome)).toEqual(['asked', 'none']);
    expect(others.map((r) => r.outcome)).toEqual(['fromZero', 'big', 'small']);
    expect([...rows].sort(bySize)[0].outcome).toBe('fromZero');
  });

  it('ask for a row that was not computed: it is left out, not invented', () => {
    expect(splitAnswer(rows, ['missing']).asked).toEqual([]);
  });

  it('format numbers without exponents, differences with shared decimals, changes relative to the reference', () => {
    expect(fmt(0.0000123)).toBe('0.0000123');
    expect(fmt(1234567.8)).toBe('1234568');
    expect(fmt(5.95)).toBe('5.95');
    expect(fmt(null)).toBe('–');
    expect(fmt(-0.0000001)).toBe('-0.000000100');
    expect(fmt(-0.0001, 2)).toBe('0.00');
    expect(fmtDiff(-3.4, -4.87, -1.93)).toBe('-3.40 [-4.87, -1.93]');
    expect(fmtDiff(0.5, -0.25, 1.25)).toBe('+0.50 [-0.25, 1.25]');
    expect(fmtChange({ diff: -3.4, reference: 5.95 })).toBe('-57%');
    expect(fmtChange({ diff: 0.01, reference: 2 })).toBe('+0.5%');
    expect(fmtChange({ diff: 1, reference: 0 })).toBe('');
  });

  it('align columns by terminal width, Chinese characters counting two', () => {
    expect(displayWidth('居委会的阻力（0–1）')).toBe(19);
    const lines = textTable([
      ['结果', 'a'],
      ['resistance', '1'],
    ]);
    expect(lines.map(displayWidth)).toEqual([15, 15]);
  });

  it('mark clear differences with * and put the asked rows under their label', () => {
    const lines = answerBlock({ heading: 'B vs A:', referenceName: 'A', valueName: 'B', askedLabel: 'asked', asked: [rows[4]], others: [rows[2]] });
    expect(lines[0]).toBe('B vs A:');
    expect(lines[1]).toBe('  asked:');
    expect(lines[3]).toMatch(/^ {2}asked +5\.00 +5\.20 +\+0\.20 \[-0\.80, 1\.20\] +\+4\.0%$/);
    expect(lines[4]).toBe('  other clear differences, largest first:');
    expect(lines[5]).toMatch(/^ {2}big .* -1\.50 \[-2\.00, -1\.00\] \* +-75%$/);
  });

  it('say what was asked and head the table in the language asked for, English by default', () => {
    const asked = askedOutcomes(['policies.payments.advanceShare', 'policies.incubator.enabled'], ['exits_by_cause.insolvency', 'final.orgs_registered']);
    expect(askedText(asked, 'en')).toBe('asked — payments: insolvency and exits; incubator: registrations and entries');
    expect(askedText(asked, 'zh')).toBe('政策杠杆关注的结果——付款条件（资金断裂与退出）；孵化与登记改革（登记与进入）');
    expect(askedText(askedOutcomes(['years'], ['final.orgs_per_10k']), 'zh')).toBe('主要结果');
    const zh = answerBlock({ heading: 'B 与 A 相比：', referenceName: 'A', valueName: 'B', askedLabel: '主要结果', asked: [], others: [], lang: 'zh' });
    expect(zh.slice(1)).toEqual(['  主要结果：', '  结果  A  B  差异 [95% 置信区间]  变化', '  （这些结果都没有计算）', '  没有其他明显的差异']);
    const en = answerBlock({ heading: 'B vs A:', referenceName: 'A', valueName: 'B', askedLabel: 'headline outcomes', asked: [], others: [] });
    expect(en.slice(1)).toEqual(['  headline outcomes:', '  outcome  A  B  difference [95% CI]  change', '  (none of these outcomes was computed)', '  no other clear difference']);
  });
});
