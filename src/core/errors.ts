/**
 * Every error terpsi raises on purpose is a TerpsiError with a stable code. The table is the
 * reference printed by the README: a code never changes meaning once shipped.
 */
export const errorCodes = {
  E_USAGE: 'the command line is wrong',
  E_FILE_UNREADABLE: 'a file cannot be opened or read',
  E_FILE_FORMAT: 'a file was read but its contents are not in the expected format',
  E_PATCH_PARSE: 'a YAML file is not valid YAML',
  E_PATCH_INVALID: 'a patch, device profile or preset does not match its schema',
  E_UNKNOWN_TYPE: 'a patch names a source, node or output type that is not registered',
  E_DUPLICATE_NAME: 'a registry was given the same name twice',
  E_PARAM: 'a parameter does not exist or a value is out of its range',
  E_AUDIO_DEVICE: 'an audio device cannot be found or opened',
  E_AUDIO_UNAVAILABLE: 'the audio library (PortAudio through naudiodon) cannot be loaded',
  E_KINECT_UNAVAILABLE: 'the kinect2 source cannot run here: not Windows, the kinect2 package or the Kinect SDK 2.0 is missing, or no sensor answers',
  E_MIDI_UNAVAILABLE: 'the operating system has no MIDI subsystem terpsi can use',
  E_MIDI_PORT: 'a MIDI port cannot be found or opened',
  E_FFMPEG: 'ffmpeg is missing or failed',
  E_TOOL: 'an external program (mma, FluidSynth, SoX, aubio) or the SoundFont it needs is missing, or the program failed',
  E_OSC_DECODE: 'an incoming OSC packet is malformed',
  E_WS_BAD_MESSAGE: 'a WebSocket client sent a message terpsi does not understand',
  E_NETWORK: 'a socket cannot be opened or a send failed',
  E_CLOCK: 'a source cannot run on the chosen clock',
  E_BACKEND: 'no compute backend could be started',
  E_SESSION: 'a recorded session file is malformed',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class TerpsiError extends Error {
  override readonly name = 'TerpsiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** One line for logs and terminals: `E_CODE: message`. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export const isTerpsiError = (e: unknown): e is TerpsiError => e instanceof TerpsiError;

/** Wraps anything thrown into a TerpsiError, keeping the original as `cause`. */
export function asTerpsiError(e: unknown, code: ErrorCode, context: string): TerpsiError {
  if (isTerpsiError(e)) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new TerpsiError(code, `${context}: ${detail}`, { cause: e });
}
