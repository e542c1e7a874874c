import { z } from 'zod';
import type { NodeType } from '../../core/registries.js';
import { seconds } from '../../core/units.js';
import { ensureBackend } from '../backend.js';
import { openEventModel } from './open-event-model.js';

const params = z.strictObject({
  /** Model folder (model.json + weights.bin), relative to the patch; the shipped presets/models/instrument-events when left out. */
  model: z.string().min(1).optional(),
  /** Audio each update looks at, seconds. */
  window: z.number().min(0.5).max(30).default(3),
  /** Seconds between updates. */
  interval: z.number().min(0.02).max(10).default(0.1),
  /** A tag turns off when its probability falls this far below its threshold. */
  hysteresis: z.number().min(0).max(1).default(0.1),
});

export type EventDetectorParams = z.infer<typeof params>;

let live: typeof import('./live-events.js') | undefined;

/**
 * What is sounding now (Liu & Yang's weakly-supervised FCN): audio at the model's rate (16 kHz
 * for the shipped instrument model) in, an `events` frame every `interval` out, on OSC
 * /terpsi/events/<tag> [probability, active] and as JSON on WebSocket. See liveEvents.
 */
export const eventDetector: NodeType<EventDetectorParams> = {
  name: 'event-detector',
  description: 'what is sounding now: audio to events frames, tag → probability and on/off (/terpsi/events/<tag>)',
  params,
  async prepare(log) {
    await ensureBackend(log);
    live = await import('./live-events.js');
  },
  create({ model, window, interval, hysteresis }, ctx) {
    const files = openEventModel(model === undefined ? undefined : ctx.resolve(model));
    return live!.liveEvents(files, { window: seconds(window), interval: seconds(interval), hysteresis }, ctx);
  },
};
