import { z } from 'zod';
import type { NodeType } from '../../core/registries.js';
import { danceMotion } from './dance-motion.js';
import { DanceStream } from './dance-stream.js';
import { openDanceModel, shippedDanceModel } from './open-dance-model.js';

const params = z.strictObject({
  /** Model folder (model.json + weights.bin), relative to the patch; the shipped presets/models/dance-basic when left out. */
  model: z.string().min(1).optional(),
  /** Dancers generated together in one batched stream, ids 0..dancers − 1. */
  dancers: z.number().int().min(1).max(16).default(1),
});

export type DanceGeneratorParams = z.infer<typeof params>;

/**
 * The learned dancer (Yalta et al., IJCNN 2019) live: 16 kHz audio in, one `motion` frame per
 * dancer per 1/30 s slice out, each with unit quaternions and forward-kinematics joint positions
 * (/terpsi/dancer/<id>/<joint> on OSC; through `retarget` to a robot's joint angles). Per slice
 * the decoder feeds back its own previous pose, starting from rest. Dancers 1 and up hear the
 * same features plus a little seeded noise each, so they do not move as one; dancer 0 hears them
 * clean, as `terpsi dance` and `terpsi eval dance` render it.
 *
 * Input audio must be 16 kHz (set the source's sampleRate: 16000; other rates are refused with
 * E_PARAM); channels are mixed to mono. NaN output, NaN audio, a step that throws, or a slice
 * computed more than 1/30 s behind real time holds the dancer's last safe pose and is reported
 * (see danceMotion). A missing or corrupt model folder stops the patch at load with a coded
 * error naming the file; when the shipped model is missing, it says how to train one.
 */
export const danceGenerator: NodeType<DanceGeneratorParams> = {
  name: 'dance-generator',
  description: 'the learned dancer: 16 kHz audio to motion frames, 30 per second per dancer (/terpsi/dancer/<id>/<joint>)',
  params,
  create({ model: dir, dancers }, ctx) {
    const model = openDanceModel(dir === undefined ? shippedDanceModel : ctx.resolve(dir));
    return danceMotion({ stream: () => new DanceStream(model.config, model.weights, dancers), normalization: model.normalization }, ctx);
  },
};
