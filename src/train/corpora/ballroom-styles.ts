import { ballroomDances, type BallroomDance } from './ballroom-dances.js';
import { pasoDoble } from './paso-doble.js';

/** The ten ballroom classes the style recogniser names, in its output order. */
export const ballroomStyles = ['cha_cha_cha', 'jive', 'paso_doble', 'quickstep', 'rumba', 'samba', 'slow_foxtrot', 'slow_waltz', 'tango', 'viennese_waltz'] as const;

export type BallroomStyle = (typeof ballroomStyles)[number];

const danceIds: Readonly<Record<BallroomStyle, string>> = {
  cha_cha_cha: 'chacha',
  jive: 'jive',
  paso_doble: 'pasodoble',
  quickstep: 'quickstep',
  rumba: 'rumba',
  samba: 'samba',
  slow_foxtrot: 'foxtrot',
  slow_waltz: 'waltz',
  tango: 'tango',
  viennese_waltz: 'viennesewaltz',
};

/** The dance (grooves, meter, tempo range) a style's songs are written for. */
export function styleDance(style: BallroomStyle): BallroomDance {
  return [...ballroomDances, pasoDoble].find((d) => d.id === danceIds[style])!;
}
