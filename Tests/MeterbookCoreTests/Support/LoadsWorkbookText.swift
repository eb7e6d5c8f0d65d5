@testable import MeterbookCore

/// Tests that load workbook text with the repository's scenarios/ library.
protocol LoadsWorkbookText {}

extension LoadsWorkbookText {
  var loader: WorkbookLoader { WorkbookLoader(library: Fixtures.library) }

  func load(_ text: String, overrides: [Override] = []) throws -> Workbook {
    try loader.load(try YAMLSource(text: text, path: "wb.yaml"), overrides: overrides)
  }

  /// The diagnostics of loading `text`, as `file:line:col: message` strings.
  func errors(_ text: String, overrides: [Override] = []) -> [String] {
    do {
      _ = try load(text, overrides: overrides)
      return []
    } catch let e as DiagnosticsError {
      return e.diagnostics.sorted.map { "\($0.location): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }
}
