/** A groove file of mma's standard library the instrument corpus plays, with the tempi it suits. */
export interface InstrumentGrooveFile {
  /** The file in mma's `stdlib`, without `.mma`. */
  readonly file: string;
  readonly style: 'pop-rock' | 'ballad' | 'jazz' | 'latin' | 'country-folk' | 'waltz' | 'blues-soul' | 'march-dance';
  /** Lowest and highest tempo drawn, quarter notes per minute (inclusive). */
  readonly tempo: readonly [number, number];
  /** Played by the test split only: no training or validation clip uses this file's grooves. */
  readonly heldOut: boolean;
}

const file = (name: string, style: InstrumentGrooveFile['style'], low: number, high: number, heldOut = false): InstrumentGrooveFile => ({
  file: name,
  style,
  tempo: [low, high],
  heldOut,
});

/**
 * The groove files the instrument corpus draws from: every style has files for training and
 * validation and other files held out for the test split, so test scores are on accompaniment
 * patterns (drum grooves, bass lines, voicings) the model never heard.
 */
export const instrumentGrooves: readonly InstrumentGrooveFile[] = [
  file('8beat', 'pop-rock', 100, 140),
  file('softrock', 'pop-rock', 80, 120),
  file('60srock', 'pop-rock', 110, 150),
  file('bubblerock', 'pop-rock', 110, 140),
  file('basicrock', 'pop-rock', 100, 140),
  file('twist', 'pop-rock', 140, 170),
  file('50srock', 'pop-rock', 120, 160, true),
  file('folkrock', 'pop-rock', 100, 130, true),
  file('jazzrock', 'pop-rock', 110, 140, true),

  file('popballad', 'ballad', 60, 85),
  file('pianoballad', 'ballad', 60, 80),
  file('stringballad', 'ballad', 60, 80),
  file('ballad', 'ballad', 60, 80),
  file('rockballad', 'ballad', 65, 85, true),
  file('guitarballad', 'ballad', 60, 80, true),
  file('folkballad', 'ballad', 65, 85, true),

  file('swing', 'jazz', 120, 180),
  file('bebop', 'jazz', 160, 220),
  file('bigband', 'jazz', 130, 180),
  file('easyswing', 'jazz', 100, 140),
  file('mellowjazz', 'jazz', 80, 110),
  file('jazzguitar', 'jazz', 100, 160),
  file('slowjazz', 'jazz', 60, 90),
  file('jazzcombo', 'jazz', 120, 180, true),
  file('dixie', 'jazz', 160, 200, true),
  file('nitejazz', 'jazz', 70, 100, true),
  file('modernjazz', 'jazz', 110, 160, true),

  file('bossanova', 'latin', 110, 140),
  file('rhumba', 'latin', 100, 130),
  file('mambo', 'latin', 170, 200),
  file('beguine', 'latin', 110, 140),
  file('merengue', 'latin', 120, 150),
  file('son', 'latin', 90, 120),
  file('samba', 'latin', 90, 110, true),
  file('chacha', 'latin', 110, 130, true),
  file('salsa', 'latin', 170, 200, true),
  file('tango', 'latin', 110, 130, true),
  file('calypso', 'latin', 100, 130, true),

  file('countryswing', 'country-folk', 140, 180),
  file('slowcountry', 'country-folk', 70, 100),
  file('folk', 'country-folk', 90, 120),
  file('bluegrass', 'country-folk', 150, 190),
  file('westernswing', 'country-folk', 140, 180, true),
  file('hillcountry', 'country-folk', 100, 130, true),
  file('countryblues', 'country-folk', 90, 120, true),

  file('waltz', 'waltz', 90, 130),
  file('countrywaltz', 'waltz', 100, 140),
  file('vienesewaltz', 'waltz', 160, 190),
  file('fastwaltz', 'waltz', 150, 190),
  file('jazzwaltz', 'waltz', 120, 160, true),
  file('frenchwaltz', 'waltz', 130, 170, true),
  file('latinwaltz', 'waltz', 110, 140, true),

  file('blues', 'blues-soul', 90, 130),
  file('rb', 'blues-soul', 80, 110),
  file('bvfunk', 'blues-soul', 90, 115),
  file('boggiewoggie', 'blues-soul', 140, 170),
  file('slowblues', 'blues-soul', 55, 75, true),
  file('dsoul', 'blues-soul', 90, 110, true),
  file('shuffleboggie', 'blues-soul', 130, 160, true),

  file('march', 'march-dance', 100, 125),
  file('polka', 'march-dance', 110, 140),
  file('ragtime', 'march-dance', 90, 120),
  file('showtune', 'march-dance', 100, 140),
  file('dixiemarch', 'march-dance', 100, 120, true),
  file('zydeco', 'march-dance', 120, 150, true),
  file('ska', 'march-dance', 140, 170, true),
  file('trance', 'march-dance', 125, 140, true),
];
