import Foundation
import Testing

@testable import MeterbookCore

struct StandardsExportTests {
  /// One small simulation shared by the tests (simulated once).
  static let simulated = Result { try Simulator(scenario: Fixtures.scenario(customers: 20, days: 2)).run().run }
  static func run() throws -> Run { try simulated.get() }

  func rows(_ csv: String) -> [[String]] { CSVTable.rows(csv) }

  @Test func focusHasEveryMandatoryColumnTypedAndReconcilesExactly() throws {
    let run = try Self.run()
    let csv = String(decoding: try RunExport.bytes(run, format: "focus", catalog: Fixtures.catalog), as: UTF8.self)
    let table = rows(csv)
    let header = table[0]
    let mandatory = [
      "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart",
      "BillingPeriodEnd",
      "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost",
      "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName",
      "PublisherName",
      "ServiceCategory", "ServiceName",
    ]
    #expect(mandatory.allSatisfy(header.contains))
    #expect(
      ["ConsumedQuantity", "ConsumedUnit", "ListUnitPrice", "SkuId", "SkuMeter", "SubAccountId", "RegionId", "Tags"]
        .allSatisfy(header.contains))
    let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    var total = Money.zero
    for r in table.dropFirst() {
      #expect(r.count == header.count)
      let billed = try Money(parsing: r[col["BilledCost"]!])
      total += billed
      // ListCost is the exact list product (FOCUSRulesTests); no discounts: effective = billed.
      #expect(r[col["EffectiveCost"]!] == r[col["BilledCost"]!])
      #expect(
        r[col["ServiceCategory"]!] == "AI and Machine Learning" && r[col["ServiceSubcategory"]!] == "Generative AI")
      #expect(
        r[col["ChargeCategory"]!] == "Usage" && r[col["ChargeClass"]!] == "" && r[col["BillingCurrency"]!] == "USD")
      #expect(UsageImporter.parseTime(Substring(r[col["ChargePeriodStart"]!]), format: "iso8601") != nil)
      #expect(Double(r[col["PricingQuantity"]!]) != nil && Int(r[col["ConsumedQuantity"]!]) != nil)
      #expect(try JSONSerialization.jsonObject(with: Data(r[col["Tags"]!].utf8)) is [String: String])
    }
    #expect(total == run.totalCost)
  }

  @Test func verifyPassesOnAFreshExportAndFailsAfterAOneByteEdit() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mb-verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("calls.csv")
    let recipe = RunManifest.Recipe(
      command: "simulate", format: "csv", seed: 3, customers: 10, days: 1, start: "2026-01-05")
    var s = Scenario.standard(catalog: Fixtures.catalog, seed: 3)
    s.population.customers = 10
    s.days = 1
    s.start = CalendarDay(year: 2026, month: 1, day: 5)
    let run = try Simulator(scenario: s).run().run
    let manifest = try RunManifest.export(
      try RunExport.bytes(run, format: "csv", catalog: Fixtures.catalog), to: out, recipe: recipe,
      catalog: Fixtures.catalog, inputs: [], rows: run.count)
    #expect(manifest.verifyHashes(in: dir).isEmpty)
    #expect(
      Digest.sha256(Data(try RunExport.reproduce(recipe, library: Fixtures.library, base: dir)))
        == manifest.outputs[0].sha256)
    var bytes = try Data(contentsOf: out)
    bytes[bytes.count / 2] ^= 0x01
    try bytes.write(to: out)
    #expect(manifest.verifyHashes(in: dir) == [.outputChanged(path: "calls.csv")])
    var tampered = manifest
    tampered.rows += 1
    #expect(tampered.verifyHashes(in: dir).first == .chainBroken)
  }
}
