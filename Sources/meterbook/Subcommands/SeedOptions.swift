import ArgumentParser
import MeterbookCore

/// `--seeds N` and `--interval P`: the workbook's `seeds:` and `interval:` for one command,
/// passed on as the overrides `seeds=N` and `interval=P` (so an export's manifest records them
/// and `verify` re-runs every seed).
struct SeedOptions: ParsableArguments {
  @Option(help: "Simulate every scenario under N seeds and report medians with bands (default: the workbook's).")
  var seeds: Int?

  @Option(help: "The share of the seeds a band spans, e.g. 0.9 for P5-P95 (default: the workbook's, else 0.9).")
  var interval: Double?

  func validate() throws {
    if let seeds, !(1...Uncertainty.maxSeeds).contains(seeds) {
      throw ValidationError("--seeds must be between 1 and \(Uncertainty.maxSeeds); got \(seeds).")
    }
    if let interval, !Uncertainty.intervals.contains(interval) {
      throw ValidationError(
        "--interval must be between \(Uncertainty.intervals.lowerBound) and \(Uncertainty.intervals.upperBound); got \(interval)."
      )
    }
  }

  /// The options as `PATH=VALUE` overrides.
  var overrides: [String] {
    (seeds.map { ["seeds=\($0)"] } ?? []) + (interval.map { ["interval=\($0)"] } ?? [])
  }
}
