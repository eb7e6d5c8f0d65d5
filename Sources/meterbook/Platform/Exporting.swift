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
      report(outcome, calls: run.count, format: recipe.format, out: out)
    } catch {
      bar.finish()
      throw failure(error)
    }
  }

  /// Converts the usage CSV `file` to `out` while it is imported (`RunExport.stream`): memory
  /// holds one chunk of calls, never the file or the output; the import report goes to stderr.
  static func convert(
    _ file: String, importer: UsageImporter, to out: String, recipe: RunManifest.Recipe, inputs: [RunManifest.Input]
  ) throws {
    var importer = importer
    importer.isCancelled = { Interrupt.requested }
    let ticker = ProgressTicker.importing(file)
    var calls = 0
    do {
      let outcome = try Interrupt.polling {
        try RunManifest.export(
          to: out, recipe: recipe, catalog: importer.catalog, inputs: inputs, rows: calls,
          isCancelled: { Interrupt.requested }
        ) { sink in
          let summary = try RunExport.stream(
            URL(fileURLWithPath: file), displayPath: file, importer: importer, format: recipe.format,
            catalog: importer.catalog, options: recipe.options, to: sink)
          ticker.finish()
          Terminal.error(summary.description)
          guard summary.calls > 0 else { throw Failure.message("\(file): no usable rows") }
          calls = summary.calls
        }
      }
      report(outcome, calls: calls, format: recipe.format, out: out)
    } catch let e as UsageImporter.ImportError {
      ticker.finish()
      throw Failure.message(e.description)
    } catch {
      ticker.finish()
      throw failure(error)
    }
  }

  static func report(_ outcome: RunManifest.Outcome, calls: Int, format: String, out: String) {
    switch outcome.kind {
    case .standardOutput: break
    case .newFile, .regularFile:
      Terminal.error(
        "wrote \(calls) calls as \(format) to \(out) (manifest: \(outcome.manifestURL?.path ?? out + ".manifest.json"))"
      )
    case .device, .fifo:
      Terminal.error("wrote \(calls) calls as \(format) to \(out); \(outcome.note ?? "no manifest")")
    }
  }

  /// Ctrl-C becomes exit 130, anything else a one-line error and exit 1.
  static func failure(_ error: any Error) -> ExitCode {
    if let e = error as? ExitCode { return e }
    if Interrupt.requested || (error as? IOError) == .cancelled { return Failure.cancelled }
    return Failure.message("\(error)")
  }
}
