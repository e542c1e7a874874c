import { Observable, type OperatorFunction } from 'rxjs';
import type { Frame } from './frames.js';

/** Passes a frame downstream. */
export type Emit<O extends Frame> = (frame: O) => void;

/**
 * The one helper every transform is built from. `setup` runs once per subscription and returns
 * the per-frame step, so a node's state lives in that closure and two subscriptions never share
 * it; what it holds that must be released (tensors, handles) it hands to `onTeardown`, called
 * when the subscription ends, however it ends. A step that throws loses that frame only: the
 * error goes to `onError` and the next frame is processed as usual, because a bad frame must
 * never stop the show.
 */
export function frameOperator<I extends Frame, O extends Frame>(
  setup: (emit: Emit<O>, onTeardown: (release: () => void) => void) => (frame: I) => void,
  onError: (error: unknown, frame: I) => void,
): OperatorFunction<I, O> {
  return (input) =>
    new Observable<O>((subscriber) => {
      const releases: (() => void)[] = [];
      const step = setup(
        (frame) => subscriber.next(frame),
        (release) => releases.push(release),
      );
      const subscription = input.subscribe({
        next(frame) {
          try {
            step(frame);
          } catch (error) {
            onError(error, frame);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        for (const release of releases) release();
      };
    });
}
