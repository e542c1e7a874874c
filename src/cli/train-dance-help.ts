import { defaultDanceConfig, paperDanceConfig } from '../models/dance/dance-model-config.js';
import { danceParamCount } from '../models/dance/dance-weights.js';
import { defaultDanceTraining } from '../train/default-dance-training.js';

/** The `dance` part of `terpsi train --help`. */
export const trainDanceHelp = `dance         the dance generator (Yalta et al., IJCNN 2019): music in, one pose
              of the 17-joint skeleton per 1/30 s out. Learns from a dance
              corpus (terpsi corpus dance <dir>): the audio of each motion frame
              as a 5 × 129 spectrum stack, clean and with white noise at 10 dB
              and 0 dB SNR; the motion as 71 values scaled to −1..1.
              Loss = mean squared error of the poses + λ × a contrastive loss
              that keeps the encoder's output steady while the motion keeps its
              direction and pushes it apart (by the margin) where it turns,
              turns found from the ground truth (the spread of a pose's values
              growing, then shrinking, or the other way).
              Each training sequence starts from the true pose before it and
              then feeds the network's own output back (auto-conditioning), so
              the model learns to recover from its own mistakes; --curriculum N
              instead starts from feeding the truth back and fades that out
              over N steps. Writes a checkpoint to <out> every 25 steps and at
              the end: model.json + weights.bin (the model, which the
              dance-generator node loads), training-state.json + .bin (what
              --resume needs; leave them out of a shipped model) and loss.png
              (the loss curves). Ctrl-C stops after the current step with a
              checkpoint.

Options (dance):
  --corpus <dir>      a dance corpus: learns from its tracks of split train; tracks
                      of split test there are held out
  --validate <dir>    more held-out tracks (any split): their loss is measured
                      at every checkpoint, without noise or teacher forcing
  --out <dir>         where the model goes (default presets/models/dance-basic)
  --size default|paper
                      default: ${(danceParamCount(defaultDanceConfig) / 1e6).toFixed(1)} M weights, 256 LSTM units; paper: the
                      published network, ${(danceParamCount(paperDanceConfig) / 1e6).toFixed(1)} M weights, 500 units (too big
                      for the WebAssembly backend's 4 GB: needs @tensorflow/tfjs-node)
  --steps N           optimiser steps in all (default ${defaultDanceTraining.steps})
  --batch N           sequences of ${defaultDanceTraining.sequence} frames (5 s) per step (default ${defaultDanceTraining.batch}; on
                      WebAssembly about 10 fit at the default size)
  --lr X              Adam's learning rate (default ${defaultDanceTraining.learningRate})
  --margin X          how far apart a turn pushes the encoder outputs (default ${defaultDanceTraining.margin})
  --contrastive λ     weight of the contrastive loss (default 1/300 ≈ ${defaultDanceTraining.contrastive.toFixed(4)}:
                      the balance of the paper's public code)
  --curriculum N      teacher forcing fading from all to none over N steps
                      (default 0: auto-conditioning from the first step)
  --seed N            weights, noise, sequences drawn (default ${defaultDanceTraining.seed})
  --resume            continue the run checkpointed in <out> exactly where it
                      stopped; options not given are the run's own

It is slow on a CPU: a step of 8 sequences at the default size takes about
9 s on one core with the embedded WebAssembly backend, so the default 2000
steps take about five hours (npm i @tensorflow/tfjs-node runs TensorFlow's
native kernels instead, and terpsi picks it up). Stop and --resume at will.

Example:
  terpsi corpus dance corpora/dance-train --tracks 30
  terpsi corpus dance corpora/dance-test --split test --tracks 6
  terpsi train dance --corpus corpora/dance-train --validate corpora/dance-test
  terpsi train dance --corpus corpora/dance-train --validate corpora/dance-test --resume --steps 4000`;
