import ArgumentParser
import Foundation
import MeterbookCore

/// `meterbook run`: runs a workbook's cells headless and prints them.
struct RunWorkbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a workbook's cells and print them (text on a terminal, markdown into a file).",
    discussion: """
      Examples:
        meterbook run workbooks/pricing-whatif.yaml
        meterbook run workbooks/showcase-month.yaml --cell summary --format markdown > summary.md
        meterbook run workbooks/pricing-whatif.yaml --set scenarios.baseline.customers=800 --export report.md
        meterbook run workbooks/pricing-whatif.yaml --seeds 100 --export proposal.md
      """)

  @Argument(help: "The workbook file.", completion: .file(extensions: ["yaml", "yml"]))
  var workbook: String

  @Option(name: .customLong("set"), help: "Override a value by its dotted path (PATH=VALUE); repeatable.")
  var overrides: [String] = []

  @Option(name: .customLong("cell"), help: "Run only this cell id; repeatable.")
  var cells: [String] = []

  @Option(help: "Output format: text, markdown or json (default: text on a terminal, else markdown).")
  var format: OutputFormat?

  @Option(
    help:
      "Also write a file (atomically): markdown, JSON (.json), or the pricing proposal (a name containing 'proposal').",
    completion: .file())
  var export: String?

  @Option(
    help: "Write the alert events of the main scenario (budgets and alert rules) as JSON lines to this file.",
    completion: .file())
  var alerts: String?

  @Option(help: "Width for text output (default: the terminal's).")
  var width: Int?

  @Option(name: .long, help: "The scenarios/ library folder (default: found from the workbook).")
  var scenarios: String?

  @OptionGroup var seeds: SeedOptions

  func run() throws {
    let overrides = self.overrides + seeds.overrides
    let session = try WorkbookInput(path: workbook, overrides: overrides, scenarios: scenarios).session()
    Interrupt.install(exitUnlessPolled: true)
    let outputs: [CellOutput]
    do {
      outputs = try Interrupt.polling { try session.run(cells: cells, isCancelled: { Interrupt.requested }) }
    } catch is CancellationError {
      throw Failure.cancelled
    } catch {
      throw Failure.message("\(error)")
    }
    let chosen = format ?? (Terminal.stdoutIsTerminal ? .text : .markdown)
    // Markdown is a document: its width never depends on the terminal, so it reproduces byte for byte.
    let textWidth = width ?? (chosen == .text ? Terminal.width : 80)
    print(OutputFormat.render(outputs, as: chosen, width: textWidth, title: session.workbook.title))
    if let alerts {
      do {
        guard let name = session.defaultScenario else { throw Failure.message("the workbook has no scenario") }
        let events = AlertEngine.evaluate(session.context(try session.result(for: name)))
        try AtomicFile.write(AlertEngine.jsonLines(events), to: URL(fileURLWithPath: alerts))
        Terminal.error("wrote \(events.count) alert events to \(alerts)")
      } catch let e as ExitCode {
        throw e
      } catch {
        throw Failure.message("\(error)")
      }
    }
    if let export {
      do {
        let format = ExportFormat.guess(export)
        let text = try session.document(format: format, outputs: outputs)
        let recipe = RunManifest.Recipe(
          command: "export", format: format, workbook: workbook, overrides: overrides,
          options: cells.isEmpty ? [:] : ["cells": cells.joined(separator: ",")])
        let input = RunManifest.Input(
          role: "workbook", path: workbook, sha256: Digest.sha256(fileAt: URL(fileURLWithPath: workbook)) ?? "")
        let bytes = Array(text.utf8)
        let outcome = try Interrupt.polling {
          try RunManifest.export(
            to: export, recipe: recipe, catalog: session.workbook.scenarios.first?.catalog,
            inputs: [input] + session.workbook.dataInputs,
            rows: outputs.count,
            isCancelled: { Interrupt.requested }
          ) { sink in try sink.write(bytes) }
        }
        Terminal.error("wrote \(export)" + (outcome.note.map { "; \($0)" } ?? ""))
      } catch {
        throw Exporting.failure(error)
      }
    }
  }
}

/// How cell outputs are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json

  static func render(_ outputs: [CellOutput], as format: OutputFormat, width: Int, title: String) -> String {
    switch format {
    case .json: return JSONRenderer.render(outputs)
    case .markdown:
      return (["# \(title)", ""] + outputs.map { MarkdownRenderer(width: width).render($0.report) }).joined(
        separator: "\n")
    case .text:
      let r = TextRenderer(width: width, palette: .terminal)
      return outputs.map { r.render($0.report) }.joined(separator: "\n\n")
    }
  }
}
