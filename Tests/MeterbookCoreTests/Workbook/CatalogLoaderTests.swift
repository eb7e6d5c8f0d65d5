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
    #expect(catalog.models.contains { $0.price.batchMultiplier != nil })
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
}
