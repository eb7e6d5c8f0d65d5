import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook calibrate`: fits a population piece from real usage.
struct Calibrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit a population and mix from a usage CSV and write it as a scenarios/ piece.",
    discussion: """
      A file whose calls would not fit the memory budget (METERBOOK_MEMORY_BUDGET) is streamed into the usage cube, with the same result.

      The piece holds archetypes (shares and calls-per-day ranges), tiers, regions, features, products, the model mix per task type, token distributions and the weekly profile. A workbook then uses it: use: [populations/NAME].

      Example:
        meterbook calibrate last-month.csv --out scenarios/populations/last-month.yaml
      """)

  @Argument(help: "The usage CSV.", completion: .file(extensions: ["csv"]))
  var file: String

  @Option(
    help: ArgumentHelp(ImportInput.mapHelp, valueName: "preset-or-file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var map: String?

  @Option(help: "The piece to write (never overwrites an existing file unless --force).")
  var out: String

  @Flag(help: "Replace the output file if it exists.")
  var force = false

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func run() throws {
    Interrupt.install(exitUnlessPolled: true)
    guard force || !FileManager.default.fileExists(atPath: out) else {
      throw Failure.message("\(out) exists; choose another name or pass --force")
    }
    // A file whose calls would not fit the memory budget is streamed: the fit reads only counts.
    let input = ImportInput(file: file, map: map, strict: false, scenarios: scenarios)
    let calibration =
      try input.streamed(names: [], always: false).map { streamed in
        // Calibration counts calls per day, feature and task type: cells coarser than days lost them.
        guard streamed.digest.grain <= .day else {
          throw Failure.message("cannot calibrate: " + UsageDigest.coarseReason(streamed.digest, needs: .day))
        }
        return Calibration(streamed.digest)
      } ?? Calibration(input.load().0)
    let yaml = calibration.yaml(source: file, sha256: Digest.sha256(fileAt: URL(fileURLWithPath: file)) ?? "")
    do {
      try AtomicFile.write(yaml, to: URL(fileURLWithPath: out))
    } catch {
      throw Failure.message("\(error)")
    }
    Terminal.error(
      "wrote \(out): \(calibration.customers) customers, archetypes "
        + calibration.archetypes.map { "\($0.name) \(Format.percent($0.share, places: 0))" }.joined(separator: ", ")
        + ", weekend factor \(calibration.weekendFactor)")
  }
}
