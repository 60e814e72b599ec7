/** The arms on the board: the status quo is arm 0, teams are numbered from 1. */
export const STATUS_QUO = 0;
