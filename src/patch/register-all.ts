/**
 * Registers every built-in source, node, output and compute backend. Modules stay free of side
 * effects; importing this one file is what makes the built-ins available to patches.
 */
import { nodeTypes, outputTypes, sourceTypes } from '../core/registries.js';
import { beatTracker } from '../dsp/beat-tracker.js';
import { level } from '../dsp/level.js';
import { onset } from '../dsp/onset.js';
import { backends, cpu, tfjsNode, tfjsNodeGpu, wasm } from '../models/backend.js';
import { danceGenerator } from '../models/dance/dance-generator.js';
import { eventDetector } from '../models/events/event-detector-node.js';
import { sonify } from '../models/sonify/sonify-node.js';
import { styleRecognizer } from '../models/style/style-recognizer-node.js';
import { lma } from '../movement/lma.js';
import { proceduralDancer } from '../movement/procedural-dancer.js';
import { retarget } from '../movement/retarget.js';
import { skeletonFilter } from '../movement/skeleton-filter.js';
import { sonifyMap } from '../movement/sonify-map.js';
import { audioOut } from '../outputs/audio-out.js';
import { midi } from '../outputs/midi.js';
import { osc } from '../outputs/osc.js';
import { scsynth } from '../outputs/scsynth.js';
import { websocket } from '../outputs/websocket.js';
import { audioFile } from '../sources/audio-file.js';
import { audioIn } from '../sources/audio-in.js';
import { bvh } from '../sources/bvh.js';
import { kinect2 } from '../sources/kinect2.js';
import { oscIn } from '../sources/osc-in.js';
import { oscSkeleton } from '../sources/osc-skeleton.js';
import { pose } from '../sources/pose.js';
import { replay } from '../sources/replay.js';
import { synthSong } from '../sources/synth-song.js';

for (const t of [audioIn, audioFile, synthSong, oscIn, oscSkeleton, kinect2, pose, replay, bvh]) sourceTypes.register(t);
for (const t of [level, onset, beatTracker, proceduralDancer, retarget, danceGenerator, eventDetector, styleRecognizer, sonify, skeletonFilter, lma, sonifyMap]) nodeTypes.register(t);
for (const t of [osc, websocket, midi, scsynth, audioOut]) outputTypes.register(t);
for (const b of [tfjsNodeGpu, tfjsNode, wasm, cpu]) backends.register(b);
