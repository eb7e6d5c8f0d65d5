import ArgumentParser
import Foundation
import MeterbookCore

/// Writing a run for `simulate` and `convert`: streamed to the destination with a progress
/// bar, cancellable by Ctrl-C within a few milliseconds, published with its manifest (see
/// `RunManifest.export(to:...)`), and reported on stderr.
enum Exporting {
  /// Writes `run` to `out` (a file, `-`, a device or a FIFO).
  ///
  /// `bar` continues from `from`.
  static func write(
    _ run: Run, to out: String, recipe: RunManifest.Recipe, catalog: ModelCatalog, inputs: [RunManifest.Input],
    bar: ProgressBar, from start: Double = 0
  ) throws {
    do {
      let outcome = try Interrupt.polling {
        try RunManifest.export(
          to: out, recipe: recipe, catalog: catalog, inputs: inputs, rows: run.count,
          isCancelled: { Interrupt.requested }
        ) { sink in
          try RunExport.write(
            run, format: recipe.format, catalog: catalog, options: recipe.options, to: sink,
            isCancelled: { Interrupt.requested }
          ) { bar.update(start + (1 - start) * $0) }
        }
      }
      bar.finish()
      report(outcome, run: run, format: recipe.format, out: out)
    } catch {
      bar.finish()
      throw failure(error)
    }
  }

  static func report(_ outcome: RunManifest.Outcome, run: Run, format: String, out: String) {
    switch outcome.kind {
    case .standardOutput: break
    case .newFile, .regularFile:
      Terminal.error(
        "wrote \(run.count) calls as \(format) to \(out) (manifest: \(outcome.manifestURL?.path ?? out + ".manifest.json"))"
      )
    case .device, .fifo:
      Terminal.error("wrote \(run.count) calls as \(format) to \(out); \(outcome.note ?? "no manifest")")
    }
  }

  /// Ctrl-C becomes exit 130, anything else a one-line error and exit 1.
  static func failure(_ error: any Error) -> ExitCode {
    if let e = error as? ExitCode { return e }
    if Interrupt.requested || (error as? IOError) == .cancelled { return Failure.cancelled }
    return Failure.message("\(error)")
  }
}
