import ArgumentParser
import MeterbookCore

/// `meterbook schema`: prints the workbook JSON Schema for editors.
struct Schema: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the JSON Schema of the workbook format (for editor completion).",
    discussion: """
      Example:
        meterbook schema > workbook.schema.json
      Shipped workbooks point at specs/workbook.schema.json with a '# yaml-language-server: $schema=' line.
      """)

  func run() {
    print(WorkbookSchema.json, terminator: "")
  }
}
