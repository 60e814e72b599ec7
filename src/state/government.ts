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
  politicalWill: number;
  /** 1 where it buys the domain. */
  readonly catalogue: Uint8Array;
  /** Regular budget lines grown from matured pilots: street·D + domain → annual value. */
  readonly budgetLines: Map<number, number>;
}
