import { existsSync } from 'node:fs';
import { TerpsiError } from '../../core/errors.js';
import { fluidsynth, mma, runTool, sox } from '../run-tool.js';

/** The General MIDI SoundFont Debian's fluid-soundfont-gm installs. */
export const generalMidiSoundFont = '/usr/share/sounds/sf2/FluidR3_GM.sf2';

/**
 * Fails early with E_TOOL naming the Debian package when mma, FluidSynth, SoX or the General
 * MIDI SoundFont is missing: everything a corpus rendered from mma songs needs.
 */
export async function checkRenderTools(): Promise<void> {
  await runTool(mma, ['-v']);
  await runTool(fluidsynth, ['--version']);
  await runTool(sox, ['--version']);
  if (!existsSync(generalMidiSoundFont)) {
    throw new TerpsiError('E_TOOL', `the General MIDI SoundFont ${generalMidiSoundFont} is missing (Debian/Ubuntu: apt install fluid-soundfont-gm)`);
  }
}
