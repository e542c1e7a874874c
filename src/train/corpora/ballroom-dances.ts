/** One ballroom dance the corpus renders, with the mma grooves that play it. */
export interface BallroomDance {
  /** The name files start with: `jive-171-s1500-clean.wav`. */
  readonly id: string;
  /** The time signature the song is written in: [beats per bar, beat note (4: quarter, 2: half)]. */
  readonly timeSignature: readonly [number, number];
  /** Competition tempo range, beats per minute, inclusive. */
  readonly tempo: readonly [number, number];
  /** Grooves of mma's standard library a song's sections are drawn from. */
  readonly grooves: readonly string[];
  /** Introductions a song may open with. */
  readonly intros: readonly string[];
}

/**
 * The nine ballroom dances mma's standard library (mma 21.09, /usr/share/mma/lib/stdlib) has
 * grooves for; paso doble has none. Tempo ranges are the WDSF Competition Rules' bars per minute
 * times the beats per bar (the table national federations copy): waltz 28–30 bars/min (3/4),
 * tango 31–33 (4/4 as mma notates it), Viennese waltz 58–60 (3/4), slow foxtrot 28–30,
 * quickstep 50–52, samba 50–52 (two beats a bar), cha-cha-cha 30–32, rumba 25–27, jive 42–44.
 * mma notates samba in four quarters a bar to be played at twice the tempo (its documentation
 * says so: kick on 1 and 3, shaker in eighths), so a samba bar is 2/2 here: its beats, the
 * surdo pulse dancers count, are mma's half notes. Everything else beats in quarter notes.
 */
export const ballroomDances: readonly BallroomDance[] = [
  {
    id: 'chacha',
    timeSignature: [4, 4],
    tempo: [120, 128],
    grooves: ['ChaCha', 'ChaCha1', 'ChaChaSus', 'ChaCha1Sus', 'ChaChaFill', 'ChaCha1Fill'],
    intros: ['ChaChaIntro'],
  },
  {
    id: 'jive',
    timeSignature: [4, 4],
    tempo: [168, 176],
    grooves: ['Jive', 'JiveClap', 'JiveSus', 'JiveClapSus', 'JivePlus', 'JiveSusPlus', 'Jive1', 'Jive1Clap', 'Jive1Sus', 'Jive1ClapSus', 'Jive1Plus', 'Jive1SusPlus'],
    intros: ['JiveIntro', 'JiveIntro2'],
  },
  {
    id: 'quickstep',
    timeSignature: [4, 4],
    tempo: [200, 208],
    grooves: ['QuickStep', 'QuickStepHit', 'QuickStepSus', 'QuickStepHitSus', 'QuickStepDuh', 'QuickStepDuhSus', 'QuickStepWalk', 'QuickStepHitWalk', 'QuickStepSusWalk', 'QuickStepDuhWalk'],
    intros: ['QuickStepIntro'],
  },
  {
    id: 'rumba',
    timeSignature: [4, 4],
    tempo: [100, 108],
    grooves: ['Rhumba', 'RhumbaSus', 'RhumbaTriple', 'RhumbaTripleSus', 'RhumbaTriple12', 'RhumbaTriple34', 'Rhumba1', 'Rhumba1Sus', 'Rhumba2', 'Rhumba2Sus', 'Rhumba3', 'Rhumba3Sus'],
    intros: ['RhumbaIntro'],
  },
  {
    id: 'samba',
    timeSignature: [2, 2],
    tempo: [100, 104],
    grooves: ['Samba', 'SambaFill', 'SambaPlus', 'SambaSus', 'SambaSusFill', 'SambaSusPlus'],
    intros: ['SambaIntro', 'SambaIntro1'],
  },
  {
    id: 'foxtrot',
    timeSignature: [4, 4],
    tempo: [112, 120],
    grooves: ['Foxtrot', 'FoxtrotSus', 'FoxTrotPlus', 'FoxTrotSusPlus', 'Foxtrot1', 'FoxTrot1Sus', 'FoxTrot1Plus', 'FoxTrot1SusPlus', 'FoxtrotFill'],
    intros: ['FoxTrotIntro', 'FoxTrot1Intro'],
  },
  {
    id: 'tango',
    timeSignature: [4, 4],
    tempo: [124, 132],
    grooves: ['Tango', 'Tango1', 'TangoClean', 'TangoCleanSus', 'TangoCleanPlus'],
    intros: ['TangoIntro'],
  },
  {
    id: 'viennesewaltz',
    timeSignature: [3, 4],
    tempo: [174, 180],
    grooves: ['VieneseWaltz', 'VieneseWaltzSus', 'VieneseWaltz1', 'VieneseWaltz1Sus', 'VieneseWaltz2', 'VieneseWaltz2Sus'],
    intros: ['VieneseWaltzIntro'],
  },
  {
    id: 'waltz',
    timeSignature: [3, 4],
    tempo: [84, 90],
    grooves: ['Waltz', 'WaltzSus', 'Waltz1', 'Waltz1Sus', 'WaltzWalk', 'WaltzWalkSus', 'Waltz1Walk', 'Waltz1WalkSus'],
    intros: ['WaltzIntro', 'WaltzSusIntro', 'Waltz1Intro', 'Waltz1SusIntro'],
  },
];
