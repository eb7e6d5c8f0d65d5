import Foundation
import Testing

@testable import MeterbookCore

/// The FinOps Foundation focus_validator's FOCUS 1.2 rules (`model-1.2.json`) that apply to
/// Meterbook's rows, re-stated as tests, plus the exact-decimal reading of
/// `ListUnitPrice × PricingQuantity = ListCost` (the validator multiplies `Double`s).
///
/// PyPI's focus-validator is 1.0.0, which predates FOCUS 1.2, so these run in every `swift test`;
/// `Scripts/validate-standards.sh` also runs the real 2.x validator when it is installed.
struct FOCUSRulesTests {
  /// A run with failed calls and cheap models: the two causes of ListCost mismatches before.
  static let simulated = Result { try Simulator(scenario: Fixtures.scenario(customers: 30, days: 3)).run().run }

  static func table(_ run: Run, version: String = "1.2") throws -> (header: [String], rows: [[String: String]]) {
    let bytes = try RunExport.bytes(
      run, format: "focus", catalog: Fixtures.catalog, options: ["focus_version": version])
    let table = CSVTable.rows(String(decoding: bytes, as: UTF8.self))
    let header = table.first ?? []
    let rows = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    return (header, rows)
  }

  @Test func everyRowsListCostIsExactlyListUnitPriceTimesPricingQuantity() throws {
    let run = try Self.simulated.get()
    #expect(run.status.contains(1), "the fixture run must have failed calls")
    let (_, rows) = try Self.table(run)
    #expect(rows.count > 1_000)
    var mismatches = 0
    var contracted = 0
    for r in rows {
      let price = try #require(ExactDecimal(r["ListUnitPrice"] ?? ""))
      let quantity = try #require(ExactDecimal(r["PricingQuantity"] ?? ""))
      let cost = try #require(ExactDecimal(r["ListCost"] ?? ""))
      if price * quantity != cost { mismatches += 1 }
      let contractedPrice = try #require(ExactDecimal(r["ContractedUnitPrice"] ?? ""))
      if contractedPrice * quantity != ExactDecimal(r["ContractedCost"] ?? "") { contracted += 1 }
    }
    #expect(mismatches == 0)
    #expect(contracted == 0)
  }

  @Test func failedCallsAreConsumedButNotPriced() throws {
    let run = try Self.simulated.get()
    let (_, rows) = try Self.table(run)
    var consumed: Int64 = 0
    var priced = ExactDecimal.zero
    var billed = Money.zero
    for r in rows {
      consumed += Int64(r["ConsumedQuantity"] ?? "") ?? -1
      priced = priced + (ExactDecimal(r["PricingQuantity"] ?? "") ?? .zero)
      billed += try Money(parsing: r["BilledCost"] ?? "")
    }
    var all: Int64 = 0
    var ofBilledCalls: Int64 = 0
    for i in 0..<run.count {
      let tokens = Int64(run.inputTokens[i]) + Int64(run.outputTokens[i])
      all += tokens
      if !(run.status[i] == 1 && run.cost[i] == 0) { ofBilledCalls += tokens }
    }
    #expect(consumed == all)
    #expect(priced == ExactDecimal(ofBilledCalls, scale: 6))
    #expect(ofBilledCalls < all)
    #expect(billed == run.totalCost)
    let failedRows = rows.filter { $0["x_FailedCalls"] != "0" }
    #expect(!failedRows.isEmpty)
    #expect(failedRows.allSatisfy { $0["ChargeDescription"]?.contains("failed, not billed") == true })
  }

  @Test func theColumnsFOCUSRequiresOnceSubAccountsRegionsAndUnitPricesArePresent() throws {
    let (header, rows) = try Self.table(try Self.simulated.get())
    let mandatory = [
      "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
      "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
      "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
      "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ]
    let conditional = [
      "SubAccountId", "SubAccountName", "RegionId", "RegionName", "SkuId", "SkuMeter", "SkuPriceId",
      "SkuPriceDetails", "ListUnitPrice", "ConsumedQuantity", "ConsumedUnit", "Tags", "InvoiceId",
    ]
    #expect((mandatory + conditional).filter { !header.contains($0) } == [])
    // ColumnHandling: custom columns carry the x_ prefix.
    let known = Set(mandatory + conditional + ["ChargeFrequency", "ContractedUnitPrice", "PricingCategory"])
    #expect(header.filter { !known.contains($0) && !$0.hasPrefix("x_") } == ["ServiceSubcategory"])
    // Nullability pairs: a name wherever its id is set, a price wherever usage is priced.
    for r in rows {
      for (id, name) in [
        ("SubAccountId", "SubAccountName"), ("RegionId", "RegionName"), ("SkuPriceId", "SkuPriceDetails"),
      ] {
        #expect((r[id] ?? "").isEmpty == (r[name] ?? "").isEmpty, "\(id) and \(name)")
      }
      for column in ["ListUnitPrice", "SkuPriceId", "SkuId", "PricingQuantity", "PricingUnit", "InvoiceId"] {
        #expect(r[column]?.isEmpty == false, "\(column) is null on a Usage row")
      }
    }
  }

  @Test func valuesFollowTheFormatsAndVocabularies() throws {
    let (_, rows) = try Self.table(try Self.simulated.get())
    let dateTime = /^[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$/
    let numeric = /^[+-]?([0-9]*[.])?[0-9]+([eE][+-]?[0-9]+)?$/
    // UnitFormat: a whole-number quantity, a space, plural capitalized units.
    let unit = /^([0-9]+ )?[A-Z][A-Za-z]*s$/
    var skuOfPrice: [String: Set<String>] = [:]
    for r in rows {
      for c in ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"] {
        #expect((r[c] ?? "").wholeMatch(of: dateTime) != nil, "\(c): \(r[c] ?? "")")
      }
      for c in [
        "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice",
        "PricingQuantity", "ConsumedQuantity",
      ] {
        #expect((r[c] ?? "").wholeMatch(of: numeric) != nil, "\(c): \(r[c] ?? "")")
      }
      #expect(r["PricingUnit"] == "1000000 Tokens" && r["ConsumedUnit"] == "Tokens")
      #expect((r["PricingUnit"] ?? "").wholeMatch(of: unit) != nil)
      #expect(r["ChargeCategory"] == "Usage" && r["ChargeClass"] == "" && r["ChargeFrequency"] == "Usage-Based")
      #expect(r["PricingCategory"] == "Standard" && r["BillingCurrency"] == "USD")
      #expect((ExactDecimal(r["ListUnitPrice"] ?? "") ?? .zero) >= .zero)
      for c in ["Tags", "SkuPriceDetails"] {
        let object = try JSONSerialization.jsonObject(with: Data((r[c] ?? "").utf8)) as? [String: Any]
        #expect(object != nil, "\(c) is a JSON object")
        if c == "SkuPriceDetails" { #expect(object?.keys.allSatisfy { $0.hasPrefix("x_") } == true) }
      }
      skuOfPrice[r["SkuPriceId"] ?? "", default: []].insert(r["SkuId"] ?? "")
      #expect(
        r["InvoiceId"] == "inv-\(r["BillingAccountId"]?.dropFirst(5) ?? "")-\(r["BillingPeriodStart"]?.prefix(7) ?? "")"
      )
    }
    // SkuPriceId-C-008-M: one and only one parent SkuId.
    #expect(skuOfPrice.values.allSatisfy { $0.count == 1 })
  }

  @Test func focusOneThreeAddsServiceAndHostProvidersAndKeepsTheDeprecatedColumns() throws {
    let (header, rows) = try Self.table(try Self.simulated.get(), version: "1.3")
    #expect(
      ["ProviderName", "PublisherName", "ServiceProviderName", "HostProviderName"].allSatisfy(header.contains))
    for r in rows {
      #expect(r["ServiceProviderName"] == r["ProviderName"])
      switch r["ProviderName"] {
      case "AWS Bedrock": #expect(r["HostProviderName"] == "Amazon Web Services")
      case "Azure OpenAI": #expect(r["HostProviderName"] == "Microsoft Azure")
      default: #expect(r["HostProviderName"] == r["ProviderName"])
      }
    }
    #expect(rows.contains { $0["ProviderName"] == "AWS Bedrock" })
  }

  @Test func callsInAnyOrderGiveTheSameBytes() throws {
    let run = try Self.simulated.get()
    let reversed = run.reversedCalls()
    #expect(reversed.timestamp.first != run.timestamp.first)
    let a = try RunExport.bytes(run, format: "focus", catalog: Fixtures.catalog)
    let b = try RunExport.bytes(reversed, format: "focus", catalog: Fixtures.catalog)
    #expect(a == b)
  }

  @Test(arguments: [
    ("123", 0, "123"), ("1875", 15, "0.000000000001875"), ("1500000000", 9, "1.5"), ("0", 6, "0"),
    ("-25", 1, "-2.5"), ("2000", 3, "2"),
  ])
  func decimalTextIsExact(value: String, scale: Int, text: String) throws {
    var b = ByteBuffer(capacity: 64)
    b.appendDecimal(try #require(Int128(value)), scale: scale)
    #expect(String(decoding: b.bytes, as: UTF8.self) == text)
  }
}

/// An exact decimal: an integer and a count of fractional digits, parsed from plain text.
struct ExactDecimal: Equatable, Comparable {
  var digits: Int128
  var scale: Int
  static let zero = ExactDecimal(0, scale: 0)

  init(_ digits: some BinaryInteger, scale: Int) {
    self.digits = Int128(digits)
    self.scale = scale
  }

  init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let whole = Int128(parts[0]) else { return nil }
    let fraction = parts.count == 2 ? String(parts[1]) : ""
    guard fraction.allSatisfy(\.isNumber), let f = Int128(fraction.isEmpty ? "0" : fraction) else { return nil }
    var scaled = whole
    for _ in 0..<fraction.count { scaled *= 10 }
    digits = text.hasPrefix("-") ? scaled - f : scaled + f
    scale = fraction.count
  }

  /// Both at the larger scale.
  private static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int128, Int128, Int) {
    var (x, y) = (a.digits, b.digits)
    for _ in a.scale..<max(a.scale, b.scale) { x *= 10 }
    for _ in b.scale..<max(a.scale, b.scale) { y *= 10 }
    return (x, y, max(a.scale, b.scale))
  }

  static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
    let (x, y, _) = aligned(a, b)
    return x == y
  }
  static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
    let (x, y, _) = aligned(a, b)
    return x < y
  }
  static func * (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
    ExactDecimal(a.digits * b.digits, scale: a.scale + b.scale)
  }
  static func + (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
    let (x, y, s) = aligned(a, b)
    return ExactDecimal(x + y, scale: s)
  }
}

/// A small RFC 4180 reader, enough for the writers' own output.
enum CSVTable {
  static func rows(_ csv: String) -> [[String]] {
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
}

extension Run {
  /// The same calls in reverse order (an import need not be in time order).
  func reversedCalls() -> Run {
    var r = self
    r.timestamp.reverse()
    r.model.reverse()
    r.task.reverse()
    r.inputTokens.reverse()
    r.outputTokens.reverse()
    r.cachedTokens.reverse()
    r.cost.reverse()
    r.latencyMs.reverse()
    r.quality.reverse()
    r.status.reverse()
    r.customer.reverse()
    r.organization.reverse()
    r.product.reverse()
    r.feature.reverse()
    r.tier.reverse()
    r.region.reverse()
    r.callID.reverse()
    r.traceID.reverse()
    return r
  }
}
