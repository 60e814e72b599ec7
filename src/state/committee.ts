/** An incumbent committee (居委会) of one community: its state (behaviour in agents/incumbentCommittee.ts). */
export interface Committee {
  readonly community: number;
  readonly street: number;
  /** Transferable functions it holds or held (those its street's buyers have in their catalogues). */
  transferable: number;
  /** Functions transferred away so far. */
  transferred: number;
  /** What the committee spent a month, at in-house cost, serving the functions transferred away (yuan). */
  transferredSpending: number;
  /**
   * Of the residents it served in the functions transferred away, the share who now go to
   * organizations instead: a running average over committees.visitorsMemoryMonths (0 at first).
   */
  visitorsLost: number;
  resistance: number;
  /** Multiplies quality delivered by providers in its community: below 1 when it withholds cooperation, above when it helps. */
  cooperation: number;
}
