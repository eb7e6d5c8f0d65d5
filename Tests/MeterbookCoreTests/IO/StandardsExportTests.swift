import Foundation
import Testing

@testable import MeterbookCore

struct StandardsExportTests {
  /// One small simulation shared by the tests (simulated once).
  static let simulated = Result { try Simulator(scenario: Fixtures.scenario(customers: 20, days: 2)).run().run }
  static func run() throws -> Run { try simulated.get() }

  func rows(_ csv: String) -> [[String]] {
    // A tiny RFC 4180 split, enough for the writer's own output.
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var i = csv.startIndex
    while i < csv.endIndex {
      let c = csv[i]
      if quoted {
        if c == "\"" {
          let next = csv.index(after: i)
          if next < csv.endIndex && csv[next] == "\"" {
            field.append("\"")
            i = next
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\r\n" || c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(c)
      }
      i = csv.index(after: i)
    }
    return rows
  }

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
    #expect(
      header.filter {
        !mandatory.contains($0)
          && ![
            "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice",
            "PricingCategory", "RegionId", "ServiceSubcategory", "SkuId", "SkuMeter", "SubAccountId", "Tags",
          ].contains($0)
      }.allSatisfy { $0.hasPrefix("x_") })
    let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    var total = Money.zero
    for r in table.dropFirst() {
      #expect(r.count == header.count)
      let billed = try Money(parsing: r[col["BilledCost"]!])
      total += billed
      #expect(r[col["ListCost"]!] == r[col["BilledCost"]!] && r[col["EffectiveCost"]!] == r[col["BilledCost"]!])
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

  @Test func focusOneThreeRenamesTheProviderColumns() throws {
    let run = try Self.run()
    let csv = String(
      decoding: try RunExport.bytes(
        run, format: "focus", catalog: Fixtures.catalog, options: ["focus_version": "1.3"]), as: UTF8.self)
    let header = rows(csv)[0]
    #expect(
      header.contains("ServiceProviderName") && header.contains("HostProviderName") && !header.contains("ProviderName"))
  }

  @Test func otlpSpansParseAndCarryTheGenAIConventions() throws {
    let run = try Self.run()
    let data = Data(try RunExport.bytes(run, format: "otlp", catalog: Fixtures.catalog))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let spans = try #require(
      (((root["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"])
        as? [[String: Any]])
    #expect(spans.count == run.count)
    let keys = Set((spans[0]["attributes"] as! [[String: Any]]).map { $0["key"] as! String })
    #expect(
      [
        "gen_ai.system", "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
        "meterbook.cost_usd", "meterbook.customer.id",
      ].allSatisfy(keys.contains))
    #expect((spans[0]["traceId"] as! String).count == 32 && (spans[0]["spanId"] as! String).count == 16)
    let metrics =
      try JSONSerialization.jsonObject(
        with: Data(
          try RunExport.bytes(run, format: "otlp", catalog: Fixtures.catalog, options: ["otlp": "metrics"])))
      as? [String: Any]
    #expect(metrics?["resourceMetrics"] != nil)
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
