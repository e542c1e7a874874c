import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { seconds } from '../../core/units.js';
import { instrumentTags } from '../corpora/instrument-tags.js';
import type { LabeledDataset, TagInterval } from './labeled-clip.js';

/** MedleyDB instrument labels and the instrument family each belongs to; others are not tagged. */
const families: Readonly<Record<string, string>> = {
  'drum set': 'drums', 'drum machine': 'drums', 'kick drum': 'drums', snare: 'drums', 'bass drum': 'drums', 'high hat': 'drums', cymbal: 'drums', toms: 'drums',
  'electric bass': 'bass', 'double bass': 'bass', 'bass synthesizer': 'bass',
  piano: 'piano', 'electric piano': 'piano', harpsichord: 'piano',
  'acoustic guitar': 'guitar', 'clean electric guitar': 'guitar', 'distorted electric guitar': 'guitar', 'lap steel guitar': 'guitar', banjo: 'guitar', mandolin: 'guitar',
  violin: 'strings', viola: 'strings', cello: 'strings', 'string section': 'strings', 'violin section': 'strings', 'viola section': 'strings', 'cello section': 'strings',
  trumpet: 'brass', trombone: 'brass', 'french horn': 'brass', tuba: 'brass', 'brass section': 'brass', 'trumpet section': 'brass', 'trombone section': 'brass', 'french horn section': 'brass', euphonium: 'brass', cornet: 'brass',
  'alto saxophone': 'reed', 'tenor saxophone': 'reed', 'baritone saxophone': 'reed', 'soprano saxophone': 'reed', clarinet: 'reed', 'bass clarinet': 'reed', oboe: 'reed', bassoon: 'reed', 'clarinet section': 'reed', 'horn section': 'brass',
  'tack piano': 'piano', organ: 'organ', 'pipe organ': 'organ', accordion: 'organ', harmonium: 'organ',
};

/** Active rows less than this apart are one interval, seconds (the files step by 46.4 ms, so one quiet row is bridged). */
const stepTolerance = 0.1;

/** Every `*_METADATA.yaml` below `dir`, three folders deep at most. */
function metadataFiles(dir: string, depth = 3): string[] {
  if (depth < 0) return [];
  return readdirSync(dir).flatMap((e) => {
    const path = join(dir, e);
    if (e.endsWith('_METADATA.yaml')) return [path];
    return statSync(path).isDirectory() ? metadataFiles(path, depth - 1) : [];
  });
}

/** True when `dir` holds MedleyDB metadata files. */
export function looksLikeMedleyDb(dir: string): boolean {
  try {
    return metadataFiles(dir).length > 0;
  } catch {
    return false;
  }
}

/** Every `<track>_ACTIVATION_CONF.lab` below `dir`, by track. */
function activationFiles(dir: string, depth = 5): Map<string, string> {
  const found = new Map<string, string>();
  if (depth < 0) return found;
  for (const e of readdirSync(dir)) {
    const path = join(dir, e);
    if (e.endsWith('_ACTIVATION_CONF.lab')) found.set(e.replace(/_ACTIVATION_CONF\.lab$/, ''), path);
    else if (statSync(path).isDirectory()) for (const [k, v] of activationFiles(path, depth - 1)) found.set(k, v);
  }
  return found;
}

/**
 * MedleyDB as published: per track `<Track>_METADATA.yaml` (its `stems`, each with an
 * `instrument`, and `mix_filename`, the mix beside it) and the instrument activation confidences
 * `<Track>_ACTIVATION_CONF.lab` (`time,S01,S02,...`, one row every 46.4 ms) anywhere below
 * `root`. Tags: terpsi's instrument families, each stem's instrument mapped to one (stems of
 * other instruments are not tagged). A family sounds where any of its stems' confidence is at
 * least `threshold`. Tracks without an activation file are skipped. A malformed file is
 * E_FILE_FORMAT naming it and the field or line.
 */
export function readMedleyDb(root: string, options: { threshold?: number } = {}): LabeledDataset {
  const threshold = options.threshold ?? 0.5;
  if (!existsSync(root)) throw new TerpsiError('E_FILE_UNREADABLE', `${root}: no such MedleyDB folder`);
  const activations = activationFiles(root);
  const clips = metadataFiles(root)
    .sort()
    .flatMap((file) => {
      const track = basename(file).replace(/_METADATA\.yaml$/, '');
      const lab = activations.get(track);
      if (!lab) return [];
      let meta: { mix_filename?: unknown; stems?: unknown };
      try {
        meta = (parse(readFileSync(file, 'utf8')) ?? {}) as typeof meta;
      } catch (e) {
        throw asTerpsiError(e, 'E_FILE_FORMAT', `${file}: not YAML`);
      }
      if (typeof meta.mix_filename !== 'string') throw new TerpsiError('E_FILE_FORMAT', `${file}: mix_filename: expected the mix's file name`);
      if (typeof meta.stems !== 'object' || meta.stems === null) throw new TerpsiError('E_FILE_FORMAT', `${file}: stems: expected a map of stems`);
      const familyOf = new Map<string, string>();
      for (const [stem, value] of Object.entries(meta.stems as Record<string, { instrument?: unknown }>)) {
        const instrument = Array.isArray(value?.instrument) ? value.instrument[0] : value?.instrument;
        if (typeof instrument !== 'string') throw new TerpsiError('E_FILE_FORMAT', `${file}: stems.${stem}.instrument: expected an instrument name`);
        const family = families[instrument.toLowerCase()];
        if (family) familyOf.set(stem, family);
      }
      const intervals = activationIntervals(lab, familyOf, threshold);
      const tags = instrumentTags.filter((t) => intervals.some((i) => i.tag === t));
      return [{ audio: join(dirname(file), meta.mix_filename), tags, intervals }];
    });
  return { tags: instrumentTags, clips };
}

function activationIntervals(file: string, familyOf: ReadonlyMap<string, string>, threshold: number): TagInterval[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 'time') throw new TerpsiError('E_FILE_FORMAT', `${file}: line 1: expected "time,S01,..."`);
  const runs = new Map<string, [number, number][]>();
  let step = 0.0464;
  let previous: number | undefined;
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== header.length || !cells.every(Number.isFinite)) throw new TerpsiError('E_FILE_FORMAT', `${file}: line ${i + 2}: expected ${header.length} numbers`);
    const t = cells[0]!;
    if (previous !== undefined && t > previous) step = t - previous;
    previous = t;
    const on = new Set<string>();
    header.slice(1).forEach((stem, s) => {
      const family = familyOf.get(stem);
      if (family && cells[s + 1]! >= threshold) on.add(family);
    });
    for (const family of on) {
      const list = runs.get(family) ?? [];
      const last = list.at(-1);
      if (last && t - last[1] <= stepTolerance) last[1] = t + step;
      else list.push([t, t + step]);
      runs.set(family, list);
    }
  });
  return instrumentTags.flatMap((tag) => (runs.get(tag) ?? []).map(([onset, offset]) => ({ tag, onset: seconds(onset), offset: seconds(offset) })));
}
