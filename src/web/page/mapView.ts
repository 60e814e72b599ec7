/**
 * The map view: communities as tiles coloured by needs met or committee resistance,
 * organizations as dots that appear, grow and die, month by month with a slider and a Play
 * button. Drawn on a canvas (thousands of tiles, redrawn at every month); a sentence under it
 * says what the month shows, for those who do not see the picture.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatPercent, type Lang } from '../../report/i18n.ts';
import type { MapSettings } from './app.ts';
import { clampMonth, mapLayout, mapMonth, type MapLayout, type MapMonth, type MonthStats } from './mapModel.ts';
import type { Arm, MapFrames } from './protocol.ts';
import { w } from './words.ts';

export interface MapActions {
  setMap(settings: Partial<MapSettings>): void;
}

/** Sequential colour scales: light for low, dark for high (needs met: blue; resistance: red). */
const RAMPS: Record<MapSettings['colour'], [number, number, number][]> = {
  needs: [[247, 251, 255], [158, 202, 225], [49, 130, 189], [8, 48, 107]],
  resistance: [[255, 245, 240], [252, 146, 114], [222, 45, 38], [103, 0, 13]],
};
const NO_VALUE = '#d9d9d9';
const STATUS_COLOURS = ['#E69F00', '#56B4E9', '#009E73']; // self, filed, registered (Okabe–Ito)

export function rampColour(colour: MapSettings['colour'], x: number): string {
  if (!Number.isFinite(x)) return NO_VALUE;
  const stops = RAMPS[colour];
  const t = Math.max(0, Math.min(1, x)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return `rgb(${a.map((v, k) => Math.round(v + f * (b[k] - v))).join(',')})`;
}

/** The calendar month of a run month (0-based), as "2015-03". */
export function monthLabel(startYear: number, month: number): string {
  return `${startYear + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

function paint(canvas: HTMLCanvasElement, layout: MapLayout, month: MapMonth, colour: MapSettings['colour']): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(layout.width * ratio);
  canvas.height = Math.round(layout.height * ratio);
  canvas.style.height = `${layout.height}px`;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, layout.width, layout.height);
  const values = colour === 'needs' ? month.needsMet : month.resistance;
  layout.tiles.forEach((t, c) => {
    g.fillStyle = rampColour(colour, values[c]);
    g.fillRect(t.x, t.y, t.w, t.h);
  });
  g.lineWidth = 1;
  g.strokeStyle = 'rgba(0,0,0,0.55)';
  for (const d of month.dots) {
    g.beginPath();
    g.arc(d.x, d.y, d.r, 0, 2 * Math.PI);
    g.fillStyle = STATUS_COLOURS[d.status] ?? '#000';
    g.fill();
    g.stroke();
  }
}

/** Keeps the canvas and its layout; the layout changes only with the place or the width. */
export class MapPainter {
  private layout?: { frames: MapFrames; width: number; layout: MapLayout };

  draw(canvas: HTMLCanvasElement, frames: MapFrames, settings: MapSettings): void {
    const width = Math.max(200, Math.floor(canvas.parentElement?.clientWidth ?? 600));
    if (this.layout?.frames !== frames || this.layout.width !== width) this.layout = { frames, width, layout: mapLayout(frames.streetOfCommunity, frames.streets, width) };
    canvas.style.width = `${width}px`;
    paint(canvas, this.layout.layout, mapMonth(frames, this.layout.layout, settings.month), settings.colour);
  }
}

export function mapSummary(lang: Lang, m: MonthStats, date: string): string {
  return w(lang, 'mapSummary', {
    date,
    needs: Number.isFinite(m.meanNeedsMet) ? formatPercent(m.meanNeedsMet) : w(lang, 'mapNoNeeds'),
    resistance: Number.isFinite(m.meanResistance) ? m.meanResistance.toFixed(2) : '–',
    orgs: m.orgs,
    formal: m.formal,
  });
}

export function mapView(frames: MapFrames | undefined, settings: MapSettings, startYear: number, seed: number, lang: Lang, summary: string, act: MapActions): TemplateResult {
  const armWord = (a: Arm) => w(lang, a === 'baseline' ? 'baseline' : 'variant');
  const month = frames ? clampMonth(frames, settings.month) : 0;
  return html`<p class="meta">${w(lang, 'mapNote', { seed, arm: armWord(settings.arm) })}</p>
    <div class="map-controls">
      <label>${w(lang, 'mapArm')}
        <select data-control="map-arm" @change=${(e: Event) => act.setMap({ arm: (e.target as HTMLSelectElement).value as Arm })}>
          ${(['baseline', 'variant'] as const).map((a) => html`<option value=${a} ?selected=${settings.arm === a}>${armWord(a)}</option>`)}
        </select></label>
      <label>${w(lang, 'mapColour')}
        <select data-control="map-colour" @change=${(e: Event) => act.setMap({ colour: (e.target as HTMLSelectElement).value as MapSettings['colour'] })}>
          <option value="needs" ?selected=${settings.colour === 'needs'}>${w(lang, 'mapNeeds')}</option>
          <option value="resistance" ?selected=${settings.colour === 'resistance'}>${w(lang, 'mapResistance')}</option>
        </select></label>
      <button type="button" data-control="map-play" ?disabled=${!frames} @click=${() => act.setMap({ playing: !settings.playing, ...(frames && !settings.playing && month >= frames.months - 1 ? { month: 0 } : {}) })}>
        ${settings.playing ? w(lang, 'pause') : w(lang, 'play')}</button>
      <label class="month">${w(lang, 'mapMonth')} <output>${frames ? monthLabel(startYear, month) : '–'}</output>
        <input type="range" data-control="map-month" min="0" max=${frames ? frames.months - 1 : 0} step="1" .value=${String(month)} ?disabled=${!frames}
          @input=${(e: Event) => act.setMap({ month: Number((e.target as HTMLInputElement).value), playing: false })} /></label>
    </div>
    <div class="map-canvas">${frames ? html`<canvas role="img" aria-label=${summary}></canvas>` : html`<p class="meta">${w(lang, 'mapWaiting')}</p>`}</div>
    ${frames ? html`<p class="map-summary" aria-live="off">${summary}</p>` : nothing}
    <div class="legend" aria-hidden="true">
      <span class="ramp ${settings.colour}"></span><span>0</span><span>→</span><span>${settings.colour === 'needs' ? '100%' : '1'}</span>
      <span class="swatch" style="background:${NO_VALUE}"></span><span>${w(lang, 'mapNoNeeds')}</span>
      ${(['statusSelf', 'statusFiled', 'statusRegistered'] as const).map((k, i) => html`<span class="dot" style="background:${STATUS_COLOURS[i]}"></span><span>${w(lang, k)}</span>`)}
    </div>`;
}
