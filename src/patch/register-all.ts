/**
 * Registers every built-in source, node, output and compute backend. Modules stay free of side
 * effects; importing this one file is what makes the built-ins available to patches.
 */
import { nodeTypes, outputTypes, sourceTypes } from '../core/registries.js';
import { level } from '../dsp/level.js';
import { onset } from '../dsp/onset.js';
import { backends, cpu, tfjsNode, tfjsNodeGpu, wasm } from '../models/backend.js';
import { proceduralDancer } from '../movement/procedural-dancer.js';

for (const t of []) sourceTypes.register(t);
for (const t of [level, onset, proceduralDancer]) nodeTypes.register(t);
for (const t of []) outputTypes.register(t);
for (const b of [tfjsNodeGpu, tfjsNode, wasm, cpu]) backends.register(b);
