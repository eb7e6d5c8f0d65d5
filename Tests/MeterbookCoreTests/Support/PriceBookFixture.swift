import Foundation

@testable import MeterbookCore

/// A small catalog whose `acme/fast` changes price on 2026-01-15 (USD per 1M tokens:
/// input 2.50 → 2.00, output 10 → 8), with separate batch input and output prices; `acme/flat`
/// has one price since the beginning.
enum PriceBookFixture {
  static let changeDay = CalendarDay(year: 2026, month: 1, day: 15)

  static let yaml = """
    name: dated
    price_date: 2026-01-20
    providers:
      acme:
        name: Acme
        models:
          fast:
            prices:
              - {input: 2.5, output: 10, cached_input: 1.25, batch: {input: 1.25, output: 2.7}, source: "list 2025"}
              - {from: 2026-01-15, input: 2, output: 8, cached_input: 1, batch: 0.5, priority: {input: 4, output: 16}, source: "list 2026"}
            context: 128000
          flat:
            price: {input: 1, output: 4}
            context: 128000

    """

  static let catalog: ModelCatalog = {
    var d = Diagnostics()
    do {
      guard let c = CatalogLoader.read(try YAMLSource(text: yaml, path: "dated.yaml"), into: &d), d.isEmpty else {
        fatalError("price book fixture: \(d)")
      }
      return c
    } catch {
      fatalError("price book fixture: \(error)")
    }
  }()
}
