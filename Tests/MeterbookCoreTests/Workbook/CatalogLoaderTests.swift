import Foundation
import Testing

@testable import MeterbookCore

struct CatalogLoaderTests {
  @Test func shippedCatalogCoversSevenProvidersAndAWidePriceRange() throws {
    let catalog = Fixtures.catalog
    #expect(Set(catalog.models.map(\.providerKey)).count >= 7)
    #expect(catalog.models.count >= 22)
    let outputs = catalog.models.map(\.price.output.dollars)
    #expect(try #require(outputs.max()) / #require(outputs.min()) >= 200)
    #expect(catalog.priceDate == "2026-11-23")
    #expect(catalog.models.contains { $0.price.longContext != nil })
    #expect(catalog.models.contains { $0.price.batch != nil })
  }

  @Test func reportsEveryProblemWithItsLocation() throws {
    let text = """
      name: broken
      price_date: 2026-13-01
      providers:
        acme:
          modles: {}
          models:
            fast:
              price: {input: cheap, output: 1}
              context: 128000
              quality: {chat: 1.5}
      """
    let source = try YAMLSource(text: text, path: "cat.yaml")
    var d = Diagnostics()
    _ = CatalogLoader.read(source, into: &d)
    let messages = d.sorted.map { "\($0.location): \($0.message)" }
    #expect(
      messages == [
        "cat.yaml:2:13: 'price_date' is '2026-13-01'; expected a date like 2026-01-01",
        "cat.yaml:5:5: unknown key 'modles' in provider; expected one of: name, commitment, models",
        "cat.yaml:8:24: 'providers.acme.models.fast.price.input' is 'cheap'; expected a dollar amount like 29 or 0.0375",
        "cat.yaml:10:25: 'providers.acme.models.fast.quality.chat' is 1.5; expected a value in 0.0...1.0",
      ])
    #expect(d.sorted[1].hint == "did you mean 'models'?")
  }

  @Test func aCatalogEditedOnDiskIsReadAgainThoughParsedCatalogsAreReused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("c.yaml")
    func write(input: String) throws {
      try """
      name: cache
      price_date: 2026-11-01
      providers:
        acme:
          models:
            fast: {price: {input: \(input), output: 2}, context: 128000}
      """.write(to: file, atomically: true, encoding: .utf8)
    }
    try write(input: "1")
    let first = try CatalogLoader.load(contentsOf: file)
    #expect(try CatalogLoader.load(contentsOf: file) == first)
    try write(input: "1.5")
    let edited = try CatalogLoader.load(contentsOf: file)
    #expect(edited.models.first?.price.input == Money(dollars: 1, cents: 50))
    #expect(first.models.first?.price.input == Money(dollars: 1))
  }

  @Test func datedPricesOutOfOrderOrOnTheSameDayAreLocatedErrors() throws {
    let text = """
      name: dated
      price_date: 2026-11-01
      providers:
        acme:
          models:
            a:
              prices:
                - {from: 2026-03-01, input: 1, output: 2}
                - {from: 2026-02-01, input: 1, output: 3}
              context: 1000
            b:
              prices:
                - {from: 2026-03-01, input: 1, output: 2}
                - {from: 2026-03-01, input: 1, output: 3}
              context: 1000
            c:
              prices:
                - {input: 1, output: 2}
                - {input: 1, output: 3}
              context: 1000
            d:
              price: {input: 1, output: 2}
              prices: [{input: 1, output: 2}]
              context: 1000
      """
    var d = Diagnostics()
    _ = CatalogLoader.read(try YAMLSource(text: text, path: "cat.yaml"), into: &d)
    #expect(
      d.sorted.map { "\($0.location): \($0.message) | \($0.hint ?? "")" } == [
        "cat.yaml:9:20: date 2026-02-01 is before the previous price's 2026-03-01; expected dates in increasing order | list the prices oldest first",
        "cat.yaml:14:20: duplicate date 2026-03-01 in 'providers.acme.models.b.prices'; each date may start one price only | merge the two entries or correct one date",
        "cat.yaml:19:13: price 2 of 'providers.acme.models.c.prices' has no 'from' date; expected the day it took effect | only the first price may omit 'from:' (it is then in force since the beginning)",
        "cat.yaml:23:17: a model has 'price' or 'prices', not both | move the single price into the 'prices' list",
      ])
  }

  @Test func datedPricesSourcesAndTiersRoundTripThroughTheWriter() throws {
    let text = CatalogWriter.yaml(PriceBookFixture.catalog)
    #expect(
      text.contains(
        "- {from: 2026-01-15, input: 2, output: 8, cached_input: 1, batch: 0.5, priority: {input: 4, output: 16}, source: \"list 2026\"}"
      ))
    #expect(text.contains("batch: {input: 1.25, output: 2.7}"))
    #expect(text.contains("        price: {input: 1, output: 4}"))
    var d = Diagnostics()
    let back = CatalogLoader.read(try YAMLSource(text: text, path: "c.yaml"), into: &d)
    #expect(d.isEmpty)
    #expect(back == PriceBookFixture.catalog)
  }
}
