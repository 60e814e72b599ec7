/** An incumbent committee (居委会) of one community: its state (behaviour in agents/incumbentCommittee.ts). */
export interface Committee {
  readonly community: number;
  readonly street: number;
  /** Transferable functions it held at the start. */
  transferable: number;
  /** Functions transferred away so far. */
  transferred: number;
  resistance: number;
  /** 1 − quality withheld; multiplies quality delivered by providers in its community. */
  cooperation: number;
}
