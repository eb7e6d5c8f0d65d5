import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook verify`: checks an export against its manifest, and reproduces it.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Verify an export: its SHA-256 and manifest chain, then re-run its recipe and compare bytes.",
    discussion: """
      Exit code 0 when everything checks out, 1 when anything differs.

      Examples:
        meterbook verify calls.csv
        meterbook verify proposal.md.manifest.json
      """)

  @Argument(help: "An exported file or its .manifest.json.", completion: .file())
  var file: String

  @Flag(help: "Only check hashes; do not re-run the recipe.")
  var hashesOnly = false

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the current folder).")
  var scenarios: String?

  func run() throws {
    Interrupt.install(exitUnlessPolled: true)
    let url = URL(fileURLWithPath: file)
    let manifest: RunManifest
    var findings: [RunManifest.Finding]
    do {
      (manifest, findings) = try RunManifest.check(url)
    } catch {
      throw Failure.message(error.description)
    }
    let folder = (file.hasSuffix(".manifest.json") ? url : RunManifest.url(for: url)).deletingLastPathComponent()
    if findings.isEmpty {
      print("ok: SHA-256 of \(manifest.outputs.map(\.path).joined(separator: ", ")) and the manifest chain match")
    }
    if findings.isEmpty && !hashesOnly {
      let changed = manifest.inputs.filter { input in
        guard input.role != "catalog" else { return false }
        let p =
          FileManager.default.fileExists(atPath: input.path)
          ? URL(fileURLWithPath: input.path) : folder.appendingPathComponent(input.path)
        return Digest.sha256(fileAt: p) != input.sha256
      }
      if let input = changed.first {
        print("skipped re-run: \(RunManifest.Finding.inputChanged(role: input.role, path: input.path))")
      } else {
        let library = try Failure.report { () throws(DiagnosticsError) in
          try ScenarioLibrary.locate(
            explicit: scenarios, near: manifest.recipe.workbook.map { [URL(fileURLWithPath: $0)] } ?? [])
        }
        do {
          let bytes = try RunExport.reproduce(manifest.recipe, library: library, base: folder)
          let expected = manifest.outputs.first?.sha256
          if Digest.sha256(Data(bytes)) == expected {
            print(
              "ok: re-running the recipe (\(manifest.recipe.command) \(manifest.recipe.format)) gives identical bytes")
          } else {
            findings.append(.reproductionDiffers(path: manifest.outputs.first?.path ?? file))
          }
        } catch {
          throw Failure.message("\(error)")
        }
      }
    }
    guard findings.isEmpty else {
      for f in findings { Terminal.error("error: \(f)") }
      throw ExitCode(1)
    }
  }
}
