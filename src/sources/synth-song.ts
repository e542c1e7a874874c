import { z } from 'zod';
import type { SourceType } from '../core/registries.js';
import { bpm, hertz } from '../core/units.js';
import { renderSong } from '../train/corpora/render-song.js';
import { playSamples } from './play-samples.js';

const params = z.strictObject({
  /** Beats per minute. */
  tempo: z.number().min(30).max(300).default(120),
  bars: z.number().int().min(1).max(256).default(16),
  beatsPerBar: z.number().int().min(1).max(16).default(4),
  /** Hertz. */
  sampleRate: z.number().int().min(8000).max(96000).default(16000),
  /** Sample frames per AudioFrame; 534 is 33.4 ms at 16 kHz. */
  blockSize: z.number().int().min(1).max(65536).default(534),
  seed: z.number().int().default(1),
  loop: z.boolean().default(true),
});

export type SynthSongParams = z.infer<typeof params>;

/**
 * A procedural song with exact beats (see renderSong), played like a microphone: the source
 * `npm start` uses, so terpsi makes sound and beats on a machine with no audio device.
 */
export const synthSong: SourceType<SynthSongParams> = {
  name: 'synth-song',
  description: 'plays a procedural song with exact beats (kick, snare, hi-hats, bass, chords), paced on the engine clock',
  params,
  live: false,
  create(p, ctx) {
    const song = renderSong({ tempo: bpm(p.tempo), bars: p.bars, beatsPerBar: p.beatsPerBar, sampleRate: hertz(p.sampleRate), seed: p.seed });
    ctx.log.debug(`${p.bars} bars at ${p.tempo} BPM, ${(song.samples.length / p.sampleRate).toFixed(1)} s${p.loop ? ', looped' : ''}`);
    return playSamples(ctx.clock, song, { source: ctx.id, blockSize: p.blockSize, loop: p.loop });
  },
};
