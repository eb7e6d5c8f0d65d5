import Foundation

@testable import MeterbookCore

/// A workbook written to a fresh temporary folder, removed on `cleanUp()`.
struct TemporaryWorkbook {
  let folder: URL
  let url: URL

  static let small = """
    title: Test workbook
    seed: 3
    period: {start: 2026-01-05, days: 5}
    scenarios:
      base:
        use: [populations/small, patterns/business-week]
        customers: 40
    plans:
      flat: {fee: {starter: 29, pro: 99, enterprise: 299}}
      usage: {charges: [{metric: calls, price: 0.02}]}
    cells:
      - md: "# Test"
      - run: base
      - chart: {metric: cost, by: provider}
    """

  init(_ text: String = TemporaryWorkbook.small) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("meterbook-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    url = folder.appendingPathComponent("book.yaml")
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  func write(_ text: String) throws { try text.write(to: url, atomically: true, encoding: .utf8) }
  func cleanUp() { try? FileManager.default.removeItem(at: folder) }

  /// A console with this workbook loaded, using the repository's scenarios/ library.
  func console(width: Int = 100) -> Console {
    let c = Console(width: width, libraryPath: Fixtures.library.root.path)
    _ = c.execute("load \"\(url.path)\"")
    return c
  }
}
