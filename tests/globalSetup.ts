/**
 * Before any test: make the build (scripts/build.mjs) up to date, as `npm install` leaves it, so
 * that tests which start bin/govbuy.js run the current sources' build, exactly what users run.
 */
import { ensureBuilt } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await ensureBuilt({ note: (line) => console.log(line) });
}
