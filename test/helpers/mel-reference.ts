/*
 * The Slaney mel scale and the Slaney-normalised triangle written out from their definitions,
 * apart from src/dsp/mel.ts, as references for its tests.
 */

/** 200/3 Hz per mel up to 1 kHz (15 mels), then 27 mels per factor 6.4. */
export const slaneyMel = (f: number): number => (f < 1000 ? (3 * f) / 200 : 15 + (27 * Math.log(f / 1000)) / Math.log(6.4));
export const slaneyHz = (m: number): number => (m < 15 ? (200 * m) / 3 : 1000 * 6.4 ** ((m - 15) / 27));

/** The nMels + 2 band edges, Hz, evenly spaced in Slaney mels from fMin to fMax. */
export const slaneyEdges = (nMels: number, fMin: number, fMax: number): number[] =>
  Array.from({ length: nMels + 2 }, (_, i) => slaneyHz(slaneyMel(fMin) + ((slaneyMel(fMax) - slaneyMel(fMin)) * i) / (nMels + 1)));

/** Weight at f Hz of the band with edges lo < mid < hi: a triangle of peak 2/(hi − lo) at mid. */
export const triangle = (lo: number, mid: number, hi: number, f: number): number =>
  Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid))) * (2 / (hi - lo));
