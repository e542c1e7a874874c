/**
 * `npm run bench`: every benchmark in one run, so that ratios and targets are measured side by
 * side on the same machine state. Exits 1 if a target is missed.
 */
import '../../src/patch/register-all.js';
import { beatTracking } from './beat-tracking.js';
import { danceStep } from './dance-step.js';
import { engineLatency } from './engine-latency.js';
import { listening } from './listening.js';
import { logMelSpeed } from './log-mel.js';
import { learnedSonifySpeed } from './learned-sonify.js';
import { lmaLoad, sonifyLatency } from './movement.js';
import { poseSpeed } from './pose.js';
import { oscThroughput } from './osc-throughput.js';
import type { BenchReport } from './report.js';

// Latency first: the throughput flood leaves garbage and socket buffers behind that the
// collector and the kernel take a while to clear.
const benches: (() => Promise<BenchReport>)[] = [engineLatency, sonifyLatency, oscThroughput, logMelSpeed, beatTracking, danceStep, listening, lmaLoad, learnedSonifySpeed, poseSpeed];

let missed = 0;
for (const bench of benches) {
  const report = await bench();
  process.stdout.write(`\n${report.name}\n${report.lines.map((l) => `  ${l}`).join('\n')}\n`);
  for (const t of report.targets) {
    process.stdout.write(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}\n`);
    if (!t.met) missed++;
  }
}
process.stdout.write(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}\n`);
process.exit(missed === 0 ? 0 : 1);
