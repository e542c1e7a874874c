import { TerpsiError } from '../core/errors.js';
import { seconds, type Seconds } from '../core/units.js';
import { aubio, runTool } from './run-tool.js';

/**
 * Beat times of an audio file from aubio's online beat tracker (`aubio beat`, aubio-tools: the
 * causal tempo object, fed hop by hop, which reports each beat as it predicts it), seconds. Run
 * with a 512-sample window and a 256-sample hop: at the corpus's 22.05 kHz that is the 11.6 ms
 * hop aubio's defaults (1024/512) give at the 44.1 kHz they are made for. With the defaults at
 * 22.05 kHz it locks to half tempo on almost every dance, which would make it a straw man.
 * E_TOOL when aubio is missing or fails.
 */
export async function aubioBeatTimes(file: string): Promise<Seconds[]> {
  const stdout = await runTool(aubio, ['beat', '-B', '512', '-H', '256', file]);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const t = Number(line);
      if (!Number.isFinite(t)) throw new TerpsiError('E_TOOL', `aubio beat ${file}: unexpected output line "${line}"`);
      return seconds(t);
    });
}
