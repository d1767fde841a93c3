/**
 * What a benchmark of `waymark bench` is: a named function returning one row of measures and
 * whether it met its target. Each area keeps its benchmarks in its own file under src/cli/bench.
 */

/** Settings every benchmark receives. */
export interface BenchSettings {
  /** Emulated network latency per request, in milliseconds. */
  latencyMs: number;
  /** Page size ($top) the repository asks for. */
  pageSize: number;
  /** Progress messages (stderr), kept out of the results. */
  log: (line: string) => void;
}

/** One benchmark's results: named measures and whether it met its target. */
export interface BenchResult {
  name: string;
  measures: Record<string, number | string>;
  target: string;
  met: boolean;
}

/** A named benchmark. */
export interface Benchmark {
  name: string;
  description: string;
  run(settings: BenchSettings): Promise<BenchResult>;
}

/** The middle value (the mean of the middle two for an even count): benchmarks report medians, as single runs swing. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
