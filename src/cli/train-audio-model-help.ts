/** The `events` and `style` parts of `terpsi train --help`. */
export const trainAudioModelHelp = `events        the weakly-supervised event detector (Liu & Yang 2016): multi-scale
              log-mel (16 kHz; 512, 2048 and 8192-sample windows, hop 512) →
              early convolutions along time per scale → late 1×1 convolutions →
              a sigmoid per tag per 128 ms segment → Gaussian accumulation with
              a learned width per tag → mean over the clip. Learns from clip
              labels only (binary cross-entropy on random 8 s excerpts, gain
              ±6 dB, 5 % silent excerpts with no tags; the learning rate falls
              along a half cosine to a twentieth); keeps the epoch with
              the lowest validation loss, then picks each tag's threshold by
              frame-level F1 on the validation clips (1000 candidates).
              Corpora: terpsi corpus instruments <dir>, or MagnaTagATune,
              MedleyDB or UrbanSound8K folders as published.
style         the ballroom style CNN: log-mel segments (16 kHz, hop 384, 64 mels,
              224 frames ≈ 5.4 s) → four convolutions along time with pooling →
              mean and max over time → dense → softmax. Learns from
              class-balanced random segments (gain ±6 dB); keeps the epoch with
              the lowest validation cross-entropy of clip averages.
              Corpora: terpsi corpus styles <dir>, or the Extended Ballroom
              folders.

Usage: terpsi train events|style --corpus <dir> --validate <dir> [--out <dir>]
                                 [--epochs N] [--steps-per-epoch N] [--batch N]
                                 [--lr X] [--seed N]

Options (events, style):
  --corpus <dir>         clips to learn from
  --validate <dir>       held-out clips: the epoch kept and the thresholds
  --out <dir>            default presets/models/instrument-events or
                         presets/models/ballroom-style; writes model.json,
                         weights.bin, training.json and loss.png
  --epochs N             default 15 (events), 30 (style)
  --steps-per-epoch N    default: clips ÷ batch
  --batch N              default 16 (events), 32 (style)
  --lr X                 Adam's learning rate (default 0.001; for events the
                         first step's)
  --seed N               default 1

Examples:
  terpsi corpus instruments corpora/instruments-train --clips 12000
  terpsi corpus instruments corpora/instruments-validate --split validate --clips 400
  terpsi train events --corpus corpora/instruments-train --validate corpora/instruments-validate
  terpsi corpus styles corpora/styles-train --per-class 40
  terpsi corpus styles corpora/styles-validate --split validate --per-class 6
  terpsi train style --corpus corpora/styles-train --validate corpora/styles-validate`;
