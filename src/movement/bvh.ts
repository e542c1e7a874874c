import { TerpsiError } from '../core/errors.js';
import { degreesToRadians, metres, radiansToDegrees, seconds, type Seconds } from '../core/units.js';
import { danceJointIndex, danceJoints, type DanceJoint } from './dance-skeleton.js';
import type { MotionPose } from './motion-vector.js';
import {
  axisRotation,
  conjugate,
  identityQuaternion,
  multiply,
  normalize,
  quaternionAt,
  rotate,
  shortestArc,
  toEuler,
  type Axis,
  type Quaternion,
  type Vector3,
} from './quaternion.js';
import { restSkeleton } from './rest-skeleton.js';

/** A clip of motion read from or written to a BVH file. */
export interface BvhMotion {
  readonly frameTime: Seconds;
  readonly frames: MotionPose[];
}

/*
 * Conventions of the files written here, which are also how any BVH file is read:
 * - lengths in metres; y up, the dancer facing +z, its left towards +x (as CMU and Mixamo files);
 * - every joint rotates Zrotation Xrotation Yrotation, R = Rz · Rx · Ry, angles in degrees;
 * - the root's OFFSET is 0 and its position channels hold the pelvis's absolute position, so
 *   readers that add OFFSET to the channels and readers that do not agree. In general a position
 *   channel replaces that component of its joint's OFFSET.
 */
const writtenChannels = 'Zrotation Xrotation Yrotation';

/**
 * A BVH file of `frames` on the dance skeleton, one frame every `frameTime`. Rotations need not
 * be unit length; a root or rotation that is not finite is a RangeError naming the frame, since
 * no BVH reader could read it back.
 */
export function writeBvh(frames: readonly MotionPose[], frameTime: Seconds): string {
  if (!(frameTime > 0) || !Number.isFinite(frameTime)) throw new RangeError(`a BVH frame time must be a positive number of seconds, got ${frameTime}`);
  const { parents, offsets, ends } = restSkeleton;
  const lines = ['HIERARCHY'];
  const order: number[] = [];
  const writeJoint = (j: number, depth: number) => {
    const pad = '  '.repeat(depth);
    order.push(j);
    const root = parents[j]! < 0;
    lines.push(`${pad}${root ? 'ROOT' : 'JOINT'} ${danceJoints[j]}`, `${pad}{`);
    lines.push(`${pad}  OFFSET ${(root ? [0, 0, 0] : offsets[j]!).map(decimal).join(' ')}`);
    lines.push(`${pad}  CHANNELS ${root ? '6 Xposition Yposition Zposition' : '3'} ${writtenChannels}`);
    parents.forEach((p, child) => p === j && writeJoint(child, depth + 1));
    const end = ends[j];
    if (end) lines.push(`${pad}  End Site`, `${pad}  {`, `${pad}    OFFSET ${end.map(decimal).join(' ')}`, `${pad}  }`);
    lines.push(`${pad}}`);
  };
  writeJoint(parents.indexOf(-1), 0);

  lines.push('MOTION', `Frames: ${frames.length}`, `Frame Time: ${frameTime.toFixed(8)}`);
  const rest = offsets[order[0]!]!;
  frames.forEach((pose, f) => {
    const values = [0, 1, 2].map((k) => rest[k]! + pose.root[k]!);
    if (!values.every(Number.isFinite)) throw new RangeError(`frame ${f}: the root is not finite`);
    if (pose.rotations.length !== 4 * danceJoints.length) throw new RangeError(`frame ${f}: ${pose.rotations.length} rotation values, expected ${4 * danceJoints.length}`);
    for (const j of order) {
      const q = quaternionAt(pose.rotations, j);
      if (!q.every(Number.isFinite)) throw new RangeError(`frame ${f}: the ${danceJoints[j]} rotation is not finite`);
      const [z, x, y] = toEuler('zxy', q);
      values.push(radiansToDegrees(z), radiansToDegrees(x), radiansToDegrees(y));
    }
    lines.push(values.map(decimal).join(' '));
  });
  return lines.join('\n') + '\n';
}

/** Six decimals (micrometres, microdegrees), without the "-0.000000" that rounding leaves. */
function decimal(x: number): string {
  return (Math.abs(x) < 5e-7 ? 0 : x).toFixed(6);
}

/**
 * Joint names of common BVH layouts for each dance joint, tried in order (case does not matter,
 * and a namespace such as "mixamorig:" is dropped). Clavicles are resolved before upper arms
 * because "LeftShoulder" is the clavicle where "LeftArm" exists (CMU, Mixamo) and the upper arm
 * where "LeftCollar" does (Biovision). spine1 and spine2 are found from the structure instead.
 */
const leftNames = {
  clavicle: ['LeftCollar', 'LeftShoulder', 'LeftClavicle', 'lCollar'],
  shoulder: ['LeftArm', 'LeftUpArm', 'LeftUpperArm', 'LeftShoulder', 'lShldr'],
  forearm: ['LeftForeArm', 'LeftLowArm', 'LeftLowerArm', 'LeftElbow', 'lForeArm'],
  thigh: ['LeftUpLeg', 'LeftThigh', 'LeftUpperLeg', 'LeftHip', 'lThigh'],
  knee: ['LeftLeg', 'LeftLowLeg', 'LeftLowerLeg', 'LeftShin', 'LeftKnee', 'lShin'],
  foot: ['LeftFoot', 'LeftAnkle', 'lFoot'],
} as const;
const rightName = (name: string) => name.replace(/^Left/, 'Right').replace(/^l(?=[A-Z])/, 'r');
const knownNames: readonly (readonly [DanceJoint, readonly string[]])[] = (
  [
    ['pelvis', ['Hips', 'Hip', 'Pelvis']],
    ['neck', ['Neck']],
    ['head', ['Head']],
    ...(['clavicle', 'shoulder', 'forearm', 'thigh', 'knee', 'foot'] as const).flatMap((part) => [
      [`left_${part}`, leftNames[part]] as const,
      [`right_${part}`, leftNames[part].map(rightName)] as const,
    ]),
  ] as const satisfies readonly (readonly [DanceJoint, readonly string[]])[]
).map(([joint, names]) => [joint, [joint, ...names]] as const);

const axisIndex = { x: 0, y: 1, z: 2 } as const;

interface Channel {
  readonly rotation: boolean;
  readonly axis: Axis;
}

interface BvhNode {
  readonly name: string;
  readonly parent: number;
  readonly line: number;
  readonly offset: Vector3;
  readonly channels: readonly Channel[];
  /** Index of this node's first value in a frame line. */
  readonly first: number;
  readonly children: number[];
  end?: Vector3;
}

const channelNames: Readonly<Record<string, Channel>> = Object.fromEntries(
  (['x', 'y', 'z'] as const).flatMap((axis) => [
    [`${axis}position`, { rotation: false, axis }],
    [`${axis}rotation`, { rotation: true, axis }],
  ]),
);

/**
 * Reads a BVH file onto the dance skeleton: `writeBvh` output exactly, and files of other
 * skeletons whose joint names map onto it (Hips, Spine, Neck, Head, LeftShoulder, LeftArm,
 * LeftForeArm, LeftUpLeg, LeftLeg, LeftFoot and the like). Joints between mapped ones fold into
 * the rotation below them; joints beyond (fingers, toes) are ignored. Their rest pose may differ
 * from the T-pose here: each bone is turned onto the file's rest direction. The root is the hips'
 * displacement from standing (their rest height above the file's lowest point) scaled by the
 * ratio of the leg lengths, so any length unit works. Quaternions come out unit length with
 * w ≥ 0. A file that is not BVH, lacks a joint the dance skeleton needs, or has a short or
 * garbled MOTION block is an E_FILE_FORMAT error `file:line: ...`; `file` names it in messages.
 */
export function readBvh(text: string, file: string): BvhMotion {
  const lines = text.split(/\r?\n/);
  const { nodes, motionLine, width } = parseHierarchy(lines, file);
  const map = mapJoints(nodes, file);
  const { frameTime, rows } = parseMotion(lines, motionLine, width, file);
  const fit = restFit(nodes, map, file);

  const frames = rows.map((values): MotionPose => {
    const worldRotation: Quaternion[] = [];
    const worldPosition: Vector3[] = [];
    for (const node of nodes) {
      let local = identityQuaternion;
      const position: [number, number, number] = [...node.offset];
      node.channels.forEach((c, k) => {
        const v = values[node.first + k]!;
        if (c.rotation) local = multiply(local, axisRotation(c.axis, degreesToRadians(v)));
        else position[axisIndex[c.axis]] = v;
      });
      if (node.parent < 0) {
        worldRotation.push(local);
        worldPosition.push(position);
      } else {
        const above = worldRotation[node.parent]!;
        worldRotation.push(multiply(above, local));
        worldPosition.push(add(worldPosition[node.parent]!, rotate(above, position)));
      }
    }
    const ours = danceJoints.map((_, j) => multiply(worldRotation[map[j]!]!, fit.corrections[j]!));
    const rotations = new Float32Array(4 * danceJoints.length);
    ours.forEach((world, j) => {
      const parent = restSkeleton.parents[j]!;
      let q = normalize(parent < 0 ? world : multiply(conjugate(ours[parent]!), world));
      if (q[0] < 0) q = [-q[0], -q[1], -q[2], -q[3]];
      rotations.set(q, 4 * j);
    });
    const [x, y, z] = worldPosition[map[danceJointIndex.pelvis]!]!;
    return { root: [metres(x * fit.scale), metres((y - fit.standing) * fit.scale), metres(z * fit.scale)], rotations };
  });
  return { frameTime, frames };
}

function formatError(file: string, line: number, message: string): TerpsiError {
  return new TerpsiError('E_FILE_FORMAT', `${file}:${line}: ${message}`);
}

function parseHierarchy(lines: readonly string[], file: string): { nodes: BvhNode[]; motionLine: number; width: number } {
  // Tokens with their 1-based line, up to the MOTION line.
  const tokens: { text: string; line: number }[] = [];
  let motionLine = -1;
  for (let i = 0; i < lines.length && motionLine < 0; i++) {
    const words = lines[i]!.trim().split(/\s+/).filter(Boolean);
    if (words[0] === 'MOTION') motionLine = i;
    else for (const text of words) tokens.push({ text, line: i + 1 });
  }
  let pos = 0;
  const lastLine = () => (motionLine >= 0 ? motionLine + 1 : lines.length);
  const next = (what: string) => {
    const t = tokens[pos++];
    if (!t) throw formatError(file, lastLine(), `expected ${what}, got ${motionLine >= 0 ? 'MOTION' : 'the end of the file'}`);
    return t;
  };
  const expect = (word: string) => {
    const t = next(`"${word}"`);
    if (t.text !== word) throw formatError(file, t.line, `expected "${word}", got "${t.text}"`);
  };
  const number = (what: string) => {
    const t = next(what);
    const v = Number(t.text);
    if (!Number.isFinite(v)) throw formatError(file, t.line, `expected ${what}, got "${t.text}"`);
    return v;
  };
  const offset = (): Vector3 => {
    expect('OFFSET');
    return [number('an OFFSET number'), number('an OFFSET number'), number('an OFFSET number')];
  };

  const nodes: BvhNode[] = [];
  let width = 0;
  const joint = (parent: number): void => {
    const named = next('a joint name');
    expect('{');
    const at = offset();
    const keyword = next('"CHANNELS"');
    if (keyword.text !== 'CHANNELS') throw formatError(file, keyword.line, `expected "CHANNELS", got "${keyword.text}"`);
    const n = number('a channel count');
    if (!Number.isInteger(n) || n < 0 || n > 6) throw formatError(file, keyword.line, `expected a channel count of 0 to 6, got ${n}`);
    const channels: Channel[] = [];
    for (let k = 0; k < n; k++) {
      const t = next('a channel name');
      const channel = channelNames[t.text.toLowerCase()];
      if (!channel) throw formatError(file, t.line, `CHANNELS ${n} lists ${k} channels, then "${t.text}"`);
      channels.push(channel);
    }
    const index = nodes.length;
    nodes.push({ name: named.text, parent, line: named.line, offset: at, channels, first: width, children: [] });
    if (parent >= 0) nodes[parent]!.children.push(index);
    width += n;
    for (;;) {
      const t = next('JOINT, End Site or "}"');
      if (t.text === '}') return;
      if (t.text === 'JOINT') joint(index);
      else if (t.text === 'End') {
        expect('Site');
        expect('{');
        const end = offset();
        expect('}');
        nodes[index]!.end ??= end;
      } else if (channelNames[t.text.toLowerCase()]) {
        throw formatError(file, t.line, `CHANNELS ${n} is followed by more channels than that`);
      } else {
        throw formatError(file, t.line, `expected JOINT, End Site or "}", got "${t.text}"`);
      }
    }
  };

  expect('HIERARCHY');
  expect('ROOT');
  joint(-1);
  if (pos < tokens.length) throw formatError(file, tokens[pos]!.line, `expected MOTION after the hierarchy, got "${tokens[pos]!.text}"`);
  if (motionLine < 0) throw formatError(file, lines.length, 'no MOTION block');
  return { nodes, motionLine, width };
}

function parseMotion(lines: readonly string[], motionLine: number, width: number, file: string): { frameTime: Seconds; rows: Float64Array[] } {
  // `line` is the 1-based number of the last line read; blank lines are skipped.
  let line = motionLine + 1;
  let next = line;
  const nextLine = (): string | undefined => {
    while (next < lines.length && lines[next]!.trim() === '') next++;
    if (next >= lines.length) return undefined;
    line = ++next;
    return lines[line - 1]!.trim();
  };
  const header = (label: string): number => {
    const text = nextLine();
    const m = text === undefined ? null : new RegExp(`^${label}:?\\s+(\\S+)$`).exec(text);
    const v = Number(m?.[1]);
    if (!m || !Number.isFinite(v)) throw formatError(file, text === undefined ? line + 1 : line, `expected "${label}: <number>", got ${text === undefined ? 'the end of the file' : `"${text}"`}`);
    return v;
  };
  const count = header('Frames');
  if (!Number.isInteger(count) || count < 0) throw formatError(file, line, `expected a whole number of frames, got ${count}`);
  const frameTime = header('Frame Time');
  if (!(frameTime > 0)) throw formatError(file, line, `expected a positive frame time in seconds, got ${frameTime}`);

  const rows: Float64Array[] = [];
  for (let f = 0; f < count; f++) {
    const text = nextLine();
    if (text === undefined) throw formatError(file, line + 1, `the MOTION block ends after ${f} of the ${count} frames it declares`);
    const words = text.split(/\s+/);
    if (words.length !== width) throw formatError(file, line, `frame ${f + 1} has ${words.length} values, the hierarchy has ${width} channels`);
    const row = new Float64Array(width);
    words.forEach((w, k) => {
      const v = Number(w);
      if (!Number.isFinite(v)) throw formatError(file, line, `frame ${f + 1}, value ${k + 1}: "${w}" is not a number`);
      row[k] = v;
    });
    rows.push(row);
  }
  if (nextLine() !== undefined) throw formatError(file, line, `more frames than the ${count} that "Frames:" declares`);
  return { frameTime: seconds(frameTime), rows };
}

/** Index of the file's node for each dance joint, checked to follow the dance skeleton's structure. */
function mapJoints(nodes: readonly BvhNode[], file: string): number[] {
  const byName = new Map<string, number>();
  nodes.forEach((node, n) => {
    const key = node.name.replace(/^.*:/, '').toLowerCase();
    if (!byName.has(key)) byName.set(key, n);
  });
  const used = new Set<number>();
  const map = new Map<DanceJoint, number>();
  for (const [joint, names] of knownNames) {
    const found = names.map((name) => byName.get(name.toLowerCase())).find((n) => n !== undefined && !used.has(n));
    if (found === undefined) throw new TerpsiError('E_FILE_FORMAT', `${file}: no joint for ${joint} (looked for ${names.join(', ')})`);
    used.add(found);
    map.set(joint, found);
  }

  const ancestors = (n: number): number[] => {
    const chain: number[] = [];
    for (let a = nodes[n]!.parent; a >= 0; a = nodes[a]!.parent) chain.push(a);
    return chain;
  };
  const below = (n: number, above: number) => ancestors(n).includes(above);
  const describe = (joint: DanceJoint) => `${nodes[map.get(joint)!]!.name} (${joint})`;

  // The chest is where the neck and both arms branch off; spine1 is the first joint above the hips towards it.
  const branches = (['neck', 'left_clavicle', 'right_clavicle'] as const).map((j) => ancestors(map.get(j)!));
  const chest = branches[0]!.find((a) => branches.every((chain) => chain.includes(a)));
  const pelvis = map.get('pelvis')!;
  if (chest === undefined || !(chest === pelvis || below(chest, pelvis))) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: ${describe('neck')} and the clavicles do not meet in a chest joint above ${describe('pelvis')}`);
  }
  const spine = [chest, ...ancestors(chest)];
  const lower = spine[spine.indexOf(pelvis) - 1];
  if (chest === pelvis || lower === undefined || lower === chest) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: no spine joints between ${describe('pelvis')} and the chest (${nodes[chest]!.name}); the dance skeleton needs two`);
  }
  map.set('spine1', lower);
  map.set('spine2', chest);

  const order = danceJoints.map((j) => map.get(j)!);
  danceJoints.forEach((joint, j) => {
    const parent = restSkeleton.parents[j]!;
    if (parent >= 0 && !below(order[j]!, order[parent]!)) {
      throw formatError(file, nodes[order[j]!]!.line, `${describe(joint)} is not below ${describe(danceJoints[parent]!)}`);
    }
  });
  return order;
}

/**
 * How the file's rest pose relates to the dance skeleton's: per joint, the rotation that turns
 * its bone (towards its first child, or its end) onto the file's bone; the scale from the file's
 * lengths to metres of the dance skeleton, taken from the legs; and the height of the file's hips
 * above its lowest point at rest, which is where they are when the root translation is 0 (the
 * dance skeleton's pelvis is its rest height above its toes, which touch y = 0).
 */
function restFit(nodes: readonly BvhNode[], map: readonly number[], file: string): { corrections: Quaternion[]; scale: number; standing: number } {
  const theirs: Vector3[] = [];
  nodes.forEach((node) => {
    const from = node.parent < 0 ? ([0, 0, 0] as const) : theirs[node.parent]!;
    theirs.push(add(from, node.offset));
  });
  const { parents, offsets, ends } = restSkeleton;
  const ours: Vector3[] = [];
  offsets.forEach((offset, j) => ours.push(parents[j]! < 0 ? offset : add(ours[parents[j]!]!, offset)));

  const corrections = danceJoints.map((_, j): Quaternion => {
    const child = parents.indexOf(j);
    const node = nodes[map[j]!]!;
    const ourEnd = child >= 0 ? ours[child]! : add(ours[j]!, ends[j]!);
    const first = node.children[0];
    const theirEnd = child >= 0 ? theirs[map[child]!]! : node.end ? add(theirs[map[j]!]!, node.end) : first === undefined ? undefined : theirs[first]!;
    if (theirEnd === undefined) return identityQuaternion;
    return shortestArc(sub(ourEnd, ours[j]!), sub(theirEnd, theirs[map[j]!]!));
  });

  const leg = (points: readonly Vector3[], thigh: number, knee: number, foot: number) =>
    length(sub(points[knee]!, points[thigh]!)) + length(sub(points[foot]!, points[knee]!));
  const [thigh, knee, foot] = (['left_thigh', 'left_knee', 'left_foot'] as const).map((j) => danceJoints.indexOf(j)) as [number, number, number];
  const theirLeg = leg(theirs, map[thigh]!, map[knee]!, map[foot]!);
  if (!(theirLeg > 0)) throw formatError(file, nodes[map[thigh]!]!.line, 'the left leg has no length at rest, so the file has no scale');
  const lowest = Math.min(...nodes.flatMap((node, n) => [theirs[n]![1], node.end ? theirs[n]![1] + node.end[1] : Infinity]));
  return { corrections, scale: leg(ours, thigh, knee, foot) / theirLeg, standing: theirs[map[danceJointIndex.pelvis]!]![1] - lowest };
}

const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const length = (v: Vector3) => Math.hypot(v[0], v[1], v[2]);
