/** What one benchmark measured, and whether its targets were met. */
export interface BenchReport {
  readonly name: string;
  /** Lines of measurements, already formatted. */
  readonly lines: readonly string[];
  readonly targets: readonly { readonly target: string; readonly met: boolean }[];
}
