import { TerpsiError } from '../core/errors.js';
import { sessionWriter } from '../sources/session-file.js';
import { parse, type Command } from './command.js';
import { runOptions, runOptionsHelp, runPatch } from './run.js';

export const record: Command = {
  name: 'record',
  summary: 'run a patch and record every frame its sources produce',
  help: `Usage: terpsi record <patch.yaml> --out <session.jsonl> [run options]

Runs the patch exactly as \`terpsi run\` does and writes every frame its sources
emit (audio blocks, OSC controls, ...) with its capture time to a session file:
one JSON line per frame, audio samples stored losslessly. A replay source plays
it back with the same timing:

  sources:
    mic: { type: replay, file: session.jsonl, sources: [mic] }

Options:
  --out <file>        the session file to write (required)
${runOptionsHelp}

Example:
  terpsi record patches/mic.yaml --out rehearsal.jsonl --duration 60`,
  async run(args) {
    const outIndex = args.indexOf('--out');
    const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
    if (!out || out.startsWith('--')) throw new TerpsiError('E_USAGE', '--out <session.jsonl> is required; see terpsi record --help');
    const rest = args.filter((_, i) => i !== outIndex && i !== outIndex + 1);
    parse('record', rest, runOptions);
    const writer = sessionWriter(out);
    try {
      return (await runPatch('record', rest, (frame) => writer.write(frame))).code;
    } finally {
      await writer.close();
    }
  },
};
