/**
 * Registers every built-in source, node and output type. Modules stay free of side effects;
 * importing this one file is what makes the built-ins available to patches.
 */
import { nodeTypes, outputTypes, sourceTypes } from '../core/registries.js';

for (const t of []) sourceTypes.register(t);
for (const t of []) nodeTypes.register(t);
for (const t of []) outputTypes.register(t);
