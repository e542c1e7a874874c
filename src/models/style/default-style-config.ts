import type { StyleModelConfig } from './style-model-config.js';

/**
 * The style CNN terpsi trains by default, sized for one CPU core live: 16 kHz (the rate every
 * terpsi model hears, so one audio source feeds them all), a 2048-sample window every 384
 * samples (24 ms), 64 mel bands, segments of 224 frames (5.4 s, the research's 224 frames at
 * 22.05 kHz and hop 512 last 5.2 s), four convolutions along time over 5 frames (48, 48, 64,
 * 64 channels) each pooled by 2, 64 hidden units.
 */
export function defaultStyleConfig(classes: readonly string[]): StyleModelConfig {
  return { classes: [...classes], sampleRate: 16000, nFft: 2048, hop: 384, nMels: 64, segmentFrames: 224, channels: [48, 48, 64, 64], kernel: 5, pools: [2, 2, 2, 2], hidden: 64 };
}
