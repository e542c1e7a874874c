/** `terpsi train --help`, the sonify part (apart from the trainer, which loads TensorFlow.js). */
export const trainSonifyHelp = `Usage: terpsi train sonify --corpus <dir> --validate <dir> [--out <dir>] [--size demo|research]
                           [--epochs N] [--mixture-epochs N] [--steps-per-epoch N]
                           [--batch N] [--lr X] [--stride S] [--seed N]

sonify        the learned movement-to-sound model: a convolutional autoencoder on
              log-mel patches (8 s at 22.05 kHz), then an LSTM with a mixture-
              density output from the LMA efforts of the action windows of each
              8 s of movement to the code of its sound. Learns from folders in the
              layout of terpsi corpus dance: each <name>.bvh dancer paired with the
              <name>.wav music it dances to, a segment every --stride seconds.
              Writes model.json + weights.bin, training.json, loss.png and mixture-loss.png to --out
              (default presets/models/sonify-demo, the model terpsi ships).

Options (sonify):
  --corpus <dir>        tracks to learn from (terpsi corpus dance <dir>)
  --validate <dir>      tracks each stage keeps its best epoch on (--split test)
  --size demo|research  demo: 64 mels, a 32-d code, LSTM 64 → 128 (default);
                        research: 128 mels, 1024-d code, LSTM 512 → 1024
  --epochs N            autoencoder epochs (default 30)
  --mixture-epochs N    mixture network epochs (default 60)
  --steps-per-epoch N   default: segments / batch
  --batch N             segments per step (default 16)
  --lr X                Adam's learning rate (default 0.001)
  --stride S            seconds between segments, 0.1..8 (default 1)
  --seed N              (default 1)

Example:
  terpsi corpus dance corpora/dance-train --tracks 30
  terpsi corpus dance corpora/dance-test --split test --tracks 6
  terpsi train sonify --corpus corpora/dance-train --validate corpora/dance-test`;
