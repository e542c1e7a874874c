import { readFileSync } from 'node:fs';
import { asTerpsiError } from '../../core/errors.js';

/** A UTF-8 text file, or E_FILE_UNREADABLE naming it and saying what it was meant to hold. */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the ${what}`);
  }
}
