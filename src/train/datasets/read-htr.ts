import { TerpsiError } from '../../core/errors.js';
import { radians, radiansToDegrees } from '../../core/units.js';
import { readBvh, type BvhMotion } from '../../movement/bvh.js';
import type { DanceJoint } from '../../movement/dance-skeleton.js';
import { conjugate, fromEuler, multiply, rotate, toEuler, type EulerOrder, type Quaternion, type Vector3 } from '../../movement/quaternion.js';
import { basisQuaternion } from '../../movement/basis-quaternion.js';

/**
 * Names an HTR segment may carry for each dance joint, case aside: the Unreal Engine mannequin's
 * (the skeleton of the public data set of Yalta et al. 2019, whose code reads these 17 segments)
 * and the dance skeleton's own. The two spine joints are found from the structure instead: the
 * chest is where the neck and the clavicles branch off.
 */
const segmentNames: Readonly<Partial<Record<DanceJoint, readonly string[]>>> = {
  pelvis: ['pelvis'],
  neck: ['neck_01', 'neck'],
  head: ['head'],
  ...Object.fromEntries(
    (
      [
        ['clavicle', 'clavicle'],
        ['shoulder', 'upperarm'],
        ['forearm', 'lowerarm'],
        ['thigh', 'thigh'],
        ['knee', 'calf'],
        ['foot', 'foot'],
      ] as const
    ).flatMap(([part, unreal]) => [
      [`left_${part}`, [`${unreal}_l`, `left_${part}`]],
      [`right_${part}`, [`${unreal}_r`, `right_${part}`]],
    ]),
  ),
};

interface Segment {
  readonly name: string;
  readonly parent: string;
  readonly line: number;
  base?: { readonly translation: Vector3; readonly rotation: Quaternion; readonly length: number };
  /** Per frame: Tx, Ty, Tz, then the rotation as a quaternion (7 values). */
  readonly frames: number[][];
  dataLine?: number;
}

/**
 * Reads a Motion Analysis HTR (Hierarchical Translation-Rotation) file onto the dance skeleton.
 * The format: a [Header] of `Keyword value` lines (NumFrames, DataFrameRate, EulerRotationOrder,
 * RotationUnits, BoneLengthAxis, ...), [SegmentNames&Hierarchy] with `child parent` lines (the
 * root's parent is GLOBAL), [BasePosition] with `segment Tx Ty Tz Rx Ry Rz BoneLength`, then one
 * [segment] block per segment of NumFrames lines `frame Tx Ty Tz Rx Ry Rz SF`; `#` starts a
 * comment. A segment's transform from its parent's is the base one followed by the frame's: its
 * translation is the base translation plus the frame's, its rotation the base rotation then the
 * frame's. Euler angles compose in the order the header writes (ZYX: R = Rz · Ry · Rx, as the
 * data set's own code reads them). The scale factor column (bone stretch) is ignored: the dance
 * skeleton's bones keep their lengths.
 *
 * The base pose fixes the file's axes: up is the header's GlobalAxisofGravity, pointing from the
 * feet to the head (without one: from between the ankles to the head), left from the right thigh
 * to the left, and the whole motion is turned so that the base pose faces +z with y up, as the
 * dance skeleton (right-handed axes, as Motion Analysis writes them, are assumed). It is
 * then handed to readBvh as a BVH whose rest pose is the base pose, so joints map, bones are fitted
 * and lengths scaled exactly as for a BVH file (any length unit works). Segments are matched by the
 * names in `segmentNames`; others (spine_02, hands, ...) fold into the joints around them.
 *
 * Anything that is not such a file (a missing section, a bad number, a segment without a base
 * position or with a different number of frames than the header says, a missing joint) is an
 * E_FILE_FORMAT error naming `file` and, where there is one, the line.
 */
export function readHtr(text: string, file: string): BvhMotion {
  const { header, segments } = parse(text, file);
  const frameCount = headerNumber(header, 'numframes', file, (v) => Number.isInteger(v) && v >= 0, 'a whole number of frames');
  const rate = headerNumber(header, 'dataframerate', file, (v) => v > 0, 'a positive frame rate');
  for (const segment of segments.values()) {
    if (!segment.base) throw new TerpsiError('E_FILE_FORMAT', `${file}:${segment.line}: segment ${segment.name} has no [BasePosition] line`);
    if (segment.frames.length !== frameCount) {
      throw new TerpsiError('E_FILE_FORMAT', `${file}:${segment.dataLine ?? segment.line}: segment ${segment.name} has ${segment.frames.length} frames; the header says ${frameCount}`);
    }
  }
  const order = topologicalOrder(segments, file);
  const names = danceNames(segments, file);

  // World rotation and position of every segment in the base pose, and the turn onto the dance skeleton's axes.
  const baseRotation = new Map<string, Quaternion>();
  const basePosition = new Map<string, Vector3>();
  for (const s of order) {
    const base = s.base!;
    const parentRotation = baseRotation.get(s.parent) ?? identity;
    baseRotation.set(s.name, multiply(parentRotation, base.rotation));
    basePosition.set(s.name, add(basePosition.get(s.parent) ?? [0, 0, 0], rotate(parentRotation, base.translation)));
  }
  const at = (joint: DanceJoint) => basePosition.get(names.get(joint)!)!;
  const headward = sub(at('head'), scale(add(at('left_foot'), at('right_foot')), 0.5));
  // The header's axis of gravity is exact where the base pose may lean a little; it only lacks a sign.
  const up = header.gravity ? scale(header.gravity, Math.sign(dot(header.gravity, headward)) || 1) : unit(headward);
  const left = unit(across(sub(at('left_thigh'), at('right_thigh')), up));
  if (![...up, ...left].every(Number.isFinite)) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: the base pose has no up or no left: its head, ankles or hips coincide`);
  }
  const turn = conjugate(basisQuaternion(left, up, cross(left, up)));
  const toDance = (v: Vector3) => rotate(turn, v);

  const lines = ['HIERARCHY'];
  const dfs: Segment[] = [];
  // The root, and any segment whose frames translate it, gets position channels.
  const moves = (s: Segment) => s === order[0] || s.frames.some((row) => row[0] !== 0 || row[1] !== 0 || row[2] !== 0);
  const children = (name: string) => order.filter((s) => s.parent === name);
  const bvhName = (s: Segment) => [...names].find(([, n]) => n === s.name)?.[0] ?? `htr_${s.name}`;
  const writeSegment = (s: Segment, depth: number) => {
    const pad = '  '.repeat(depth);
    dfs.push(s);
    const root = depth === 0;
    const offset = root ? [0, 0, 0] : toDance(sub(basePosition.get(s.name)!, basePosition.get(s.parent)!));
    lines.push(`${pad}${root ? 'ROOT' : 'JOINT'} ${bvhName(s)}`, `${pad}{`, `${pad}  OFFSET ${offset.map(decimal).join(' ')}`);
    lines.push(`${pad}  CHANNELS ${moves(s) ? '6 Xposition Yposition Zposition' : '3'} Zrotation Xrotation Yrotation`);
    const below = children(s.name);
    for (const child of below) writeSegment(child, depth + 1);
    if (below.length === 0 && s.base!.length > 0) {
      const end = toDance(rotate(baseRotation.get(s.name)!, scale(header.boneAxis, s.base!.length)));
      lines.push(`${pad}  End Site`, `${pad}  {`, `${pad}    OFFSET ${end.map(decimal).join(' ')}`, `${pad}  }`);
    }
    lines.push(`${pad}}`);
  };
  writeSegment(order[0]!, 0);
  lines.push('MOTION', `Frames: ${frameCount}`, `Frame Time: ${(1 / rate).toFixed(10)}`);

  // A segment's rotation in the BVH: its turn away from the base pose, in the dance skeleton's axes.
  const back = conjugate(turn);
  for (let f = 0; f < frameCount; f++) {
    const world = new Map<string, Quaternion>();
    const bvhWorld = new Map<string, Quaternion>();
    const values: number[] = [];
    for (const s of order) {
      const row = s.frames[f]!;
      const local = multiply(s.base!.rotation, [row[3]!, row[4]!, row[5]!, row[6]!]);
      const rotation = multiply(world.get(s.parent) ?? identity, local);
      world.set(s.name, rotation);
      bvhWorld.set(s.name, multiply(multiply(turn, multiply(rotation, conjugate(baseRotation.get(s.name)!))), back));
    }
    for (const s of dfs) {
      const row = s.frames[f]!;
      // In the BVH a position channel replaces the OFFSET: the translation in the parent's base frame.
      if (moves(s)) values.push(...toDance(rotate(baseRotation.get(s.parent) ?? identity, add(s.base!.translation, [row[0]!, row[1]!, row[2]!]))));
      const parent = bvhWorld.get(s.parent) ?? identity;
      const [z, x, y] = toEuler('zxy', multiply(conjugate(parent), bvhWorld.get(s.name)!));
      values.push(radiansToDegrees(z), radiansToDegrees(x), radiansToDegrees(y));
    }
    lines.push(values.map(decimal).join(' '));
  }
  return readBvh(lines.join('\n') + '\n', `${file} (as BVH)`);
}

const identity: Quaternion = [1, 0, 0, 0];

interface Header {
  readonly values: ReadonlyMap<string, { readonly value: string; readonly line: number }>;
  readonly boneAxis: Vector3;
  /** The vertical axis, when the header names one (its sign is not given). */
  readonly gravity: Vector3 | undefined;
}

/** The sections of an HTR file: header values, and the segments with their base positions and frames. */
function parse(text: string, file: string): { header: Header; segments: Map<string, Segment> } {
  const fail = (line: number, why: string) => new TerpsiError('E_FILE_FORMAT', `${file}:${line}: ${why}`);
  const values = new Map<string, { value: string; line: number }>();
  const segments = new Map<string, Segment>();
  let section: string | undefined;
  let data: Segment | undefined;
  let order: EulerOrder | undefined;
  let toRadians = (v: number) => (v * Math.PI) / 180;

  const numbers = (words: readonly string[], from: number, line: number): number[] =>
    words.slice(from).map((w, k) => {
      const v = Number(w);
      if (!Number.isFinite(v)) throw fail(line, `value ${from + k + 1}: "${w}" is not a number`);
      return v;
    });
  const rotation = (rx: number, ry: number, rz: number): Quaternion => {
    const angle = { x: rx, y: ry, z: rz };
    const [a, b, c] = order!.split('') as ['x' | 'y' | 'z', 'x' | 'y' | 'z', 'x' | 'y' | 'z'];
    return fromEuler(order!, [radians(toRadians(angle[a])), radians(toRadians(angle[b])), radians(toRadians(angle[c]))]);
  };
  const startData = (line: number) => {
    if (order) return;
    const given = values.get('eulerrotationorder');
    const text = (given?.value ?? 'ZYX').toLowerCase();
    if (!/^(xyz|xzy|yxz|yzx|zxy|zyx)$/.test(text)) throw fail(given?.line ?? line, `EulerRotationOrder must name the axes X, Y and Z once each, got "${given?.value}"`);
    order = text as EulerOrder;
    const units = values.get('rotationunits');
    if (units && !/^(degrees|radians)$/i.test(units.value)) throw fail(units.line, `RotationUnits must be Degrees or Radians, got "${units.value}"`);
    if (units && /^radians$/i.test(units.value)) toRadians = (v) => v;
  };

  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (content === '') return;
    const heading = /^\[(.*)\]$/.exec(content);
    if (heading) {
      section = heading[1]!.trim();
      data = undefined;
      const known = ['header', 'segmentnames&hierarchy', 'baseposition', 'endoffile'].includes(section.toLowerCase());
      if (!known) {
        if (!values.has('numframes')) throw fail(line, `segment data [${section}] before the [Header] section says how many frames there are`);
        data = segments.get(section);
        if (!data) throw fail(line, `[${section}]: no such segment in [SegmentNames&Hierarchy]`);
        if (data.dataLine !== undefined) throw fail(line, `[${section}]: a second block of frames for the segment (the first is at line ${data.dataLine})`);
        data.dataLine = line;
        startData(line);
      }
      return;
    }
    const words = content.split(/\s+/);
    switch (section?.toLowerCase()) {
      case undefined:
        throw fail(line, 'not an HTR file: expected the [Header] section first');
      case 'header':
        values.set(words[0]!.toLowerCase(), { value: words[1] ?? '', line });
        return;
      case 'segmentnames&hierarchy':
        if (words.length !== 2) throw fail(line, `expected "child parent", got "${content}"`);
        if (segments.has(words[0]!)) throw fail(line, `segment ${words[0]} is listed twice`);
        segments.set(words[0]!, { name: words[0]!, parent: words[1]!, line, frames: [] });
        return;
      case 'baseposition': {
        const segment = segments.get(words[0]!);
        if (!segment) throw fail(line, `base position of ${words[0]}, which [SegmentNames&Hierarchy] does not list`);
        if (words.length !== 8) throw fail(line, `expected "segment Tx Ty Tz Rx Ry Rz BoneLength", got ${words.length} values`);
        startData(line);
        const [tx, ty, tz, rx, ry, rz, length] = numbers(words, 1, line) as [number, number, number, number, number, number, number];
        segment.base = { translation: [tx, ty, tz], rotation: rotation(rx, ry, rz), length };
        return;
      }
      case 'endoffile':
        return;
      default: {
        if (words.length < 7 || words.length > 8) throw fail(line, `expected "frame Tx Ty Tz Rx Ry Rz SF" for ${data!.name}, got ${words.length} values`);
        const [tx, ty, tz, rx, ry, rz] = numbers(words, 1, line) as [number, number, number, number, number, number];
        data!.frames.push([tx, ty, tz, ...rotation(rx, ry, rz)]);
      }
    }
  });
  if (section === undefined) throw new TerpsiError('E_FILE_FORMAT', `${file}: not an HTR file: it is empty`);
  if (segments.size === 0) throw new TerpsiError('E_FILE_FORMAT', `${file}: no [SegmentNames&Hierarchy] section, or it lists no segment`);
  const axis = (key: string, keyword: string): Vector3 | undefined => {
    const entry = values.get(key);
    if (!entry) return undefined;
    const v: Vector3 | undefined = ({ x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] } as const)[entry.value.toLowerCase() as 'x'];
    if (!v) throw fail(entry.line, `${keyword} must be X, Y or Z, got "${entry.value}"`);
    return v;
  };
  const boneAxis = axis('bonelengthaxis', 'BoneLengthAxis') ?? [0, 1, 0];
  return { header: { values, boneAxis, gravity: axis('globalaxisofgravity', 'GlobalAxisofGravity') }, segments };
}

function headerNumber(header: Header, key: string, file: string, valid: (v: number) => boolean, what: string): number {
  const entry = header.values.get(key);
  if (!entry) throw new TerpsiError('E_FILE_FORMAT', `${file}: the [Header] section has no ${key === 'numframes' ? 'NumFrames' : 'DataFrameRate'} line`);
  const v = Number(entry.value);
  if (!valid(v)) throw new TerpsiError('E_FILE_FORMAT', `${file}:${entry.line}: expected ${what}, got "${entry.value}"`);
  return v;
}

/** The segments, each after its parent, starting with the one root (parent GLOBAL). */
function topologicalOrder(segments: ReadonlyMap<string, Segment>, file: string): Segment[] {
  const roots = [...segments.values()].filter((s) => s.parent.toUpperCase() === 'GLOBAL');
  if (roots.length !== 1) throw new TerpsiError('E_FILE_FORMAT', `${file}: [SegmentNames&Hierarchy] must have one segment whose parent is GLOBAL, found ${roots.length}`);
  for (const s of segments.values()) {
    if (s !== roots[0] && !segments.has(s.parent)) throw new TerpsiError('E_FILE_FORMAT', `${file}:${s.line}: the parent of ${s.name}, ${s.parent}, is not a segment`);
  }
  const order = [roots[0]!];
  for (let i = 0; i < order.length; i++) order.push(...[...segments.values()].filter((s) => s.parent === order[i]!.name));
  if (order.length !== segments.size) {
    const loose = [...segments.values()].find((s) => !order.includes(s))!;
    throw new TerpsiError('E_FILE_FORMAT', `${file}:${loose.line}: ${loose.name} is not connected to the root ${roots[0]!.name} (its parents form a loop)`);
  }
  return order;
}

/** The segment for each dance joint `segmentNames` lists. */
function danceNames(segments: ReadonlyMap<string, Segment>, file: string): Map<DanceJoint, string> {
  const byName = new Map([...segments.keys()].map((n) => [n.toLowerCase(), n]));
  const found = new Map<DanceJoint, string>();
  for (const [joint, names] of Object.entries(segmentNames) as [DanceJoint, readonly string[]][]) {
    const name = names.map((n) => byName.get(n.toLowerCase())).find((n) => n !== undefined);
    if (name === undefined) throw new TerpsiError('E_FILE_FORMAT', `${file}: no segment for the ${joint} (looked for ${names.join(', ')})`);
    found.set(joint, name);
  }
  return found;
}

/** Six decimals, without the "-0.000000" that rounding leaves. */
function decimal(x: number): string {
  return (Math.abs(x) < 5e-7 ? 0 : x).toFixed(6);
}

const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vector3, k: number): Vector3 => [a[0] * k, a[1] * k, a[2] * k];
const dot = (a: Vector3, b: Vector3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vector3, b: Vector3): Vector3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vector3): Vector3 => scale(a, 1 / Math.hypot(a[0], a[1], a[2]));
const across = (a: Vector3, d: Vector3): Vector3 => sub(a, scale(d, dot(a, d)));
