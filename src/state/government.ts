/** A government (政府 / 购买主体) at city, district or street level: its state. */
export const LEVELS = ['city', 'district', 'street'] as const;
export type Level = (typeof LEVELS)[number];

export interface Government {
  readonly id: number;
  readonly level: Level;
  readonly name: string;
  /** Streets it buys for. */
  readonly streets: readonly number[];
  /** People living in its area. */
  readonly people: number;
  budget: number;
  purchaseBudget: number;
  /** Political will (重视程度), 0–1: moves with complaints, evaluations and savings (agents/government/response.ts). */
  politicalWill: number;
  /** The will the scenario sets for its level, last seen (a scheduled change shifts politicalWill by the same step). */
  willBase: number;
  /** Purchase budget relative to what the scenario sets (budget × purchaseShare), moved by will. */
  budgetMultiplier: number;
  /** This budget year so far, for next year's response: complaints by people in its area, evaluation scores of its contracts, purchase spending and its in-house value. */
  yearComplaints: number;
  yearScoreSum: number;
  yearScores: number;
  yearPurchaseCost: number;
  yearInHouseValue: number;
  /** 0–1: how far last year's complaints in its area exceeded the norm (full at twice the norm). */
  petitionPressure: number;
  /** 1 where it buys the domain. */
  readonly catalogue: Uint8Array;
  /** Regular budget lines grown from matured pilots: street·D + domain → annual value. */
  readonly budgetLines: Map<number, number>;
}
