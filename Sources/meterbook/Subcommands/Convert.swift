import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook convert`: a usage CSV to FOCUS or OTLP.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a usage CSV to FinOps FOCUS or OpenTelemetry OTLP JSON (with a manifest).",
    discussion: """
      Examples:
        meterbook convert calls.csv --to focus --out calls.focus.csv
        meterbook convert export.csv --map mapping.yaml --to otlp --otlp metrics --out usage.otlp.json
        meterbook convert observations.csv --map langfuse --to csv --out calls.csv
      """)

  @Argument(help: "The usage CSV.", completion: .file(extensions: ["csv"]))
  var file: String

  @Option(
    help: ArgumentHelp(ImportInput.mapHelp, valueName: "preset-or-file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var map: String?

  @Option(help: "Target format: focus, otlp, cube (hourly aggregate) or csv (the 19-field schema).")
  var to: String

  @Option(help: "FOCUS column names: 1.2 or 1.3.")
  var focusVersion: String = "1.2"

  @Option(help: "OTLP content: spans or metrics.")
  var otlp: String = "spans"

  @Flag(help: "Stop at the first bad row.")
  var strict = false

  @Option(help: "Output file (FILE.manifest.json is written beside it).")
  var out: String

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func validate() throws {
    guard RunExport.formats.contains(to) else {
      throw ValidationError("--to must be focus, otlp, cube or csv; got '\(to)'.")
    }
    try ExportOptionChecks.validate(focusVersion: focusVersion, otlp: otlp)
  }

  func run() throws {
    Interrupt.install(exitUnlessPolled: true)
    let (importer, mappingFile) = try ImportInput(file: file, map: map, strict: strict, scenarios: scenarios).importer()
    var options = ["focus_version": focusVersion, "otlp": otlp, "strict": String(strict)]
    if let map { options["map"] = map }
    let recipe = RunManifest.Recipe(command: "convert", format: to, input: file, options: options)
    var inputs = [
      RunManifest.Input(role: "usage", path: file, sha256: Digest.sha256(fileAt: URL(fileURLWithPath: file)) ?? "")
    ]
    if let map, let mappingFile {
      inputs.append(.init(role: "mapping", path: map, sha256: Digest.sha256(fileAt: mappingFile) ?? ""))
    }
    try Exporting.convert(file, importer: importer, to: out, recipe: recipe, inputs: inputs)
  }
}
