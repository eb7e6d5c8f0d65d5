import Foundation

/// Writes a run as a FinOps FOCUS cost and usage CSV (1.2 columns by default, 1.3 on request).
///
/// Grain: one row per UTC day × customer × model × token type (input, cached input, output) ×
/// rate (standard or long-context), in that order. Each call's exact cost is split across its
/// token types in proportion to their list-price amounts (largest remainder), so `Σ BilledCost`
/// equals the run's total exactly.
///
/// The list columns are chosen so that `ListUnitPrice × PricingQuantity = ListCost` holds
/// exactly in decimal on every row, as FOCUS requires: the unit price is the catalog rate per
/// 1,000,000 tokens (nano-dollar precision, 9 places), the quantity is the billed tokens ÷ 10⁶
/// (6 places), and the cost is their integer product written with all 15 places. Tokens of
/// failed calls (status `error`, cost 0) are consumed but not priced: they count in
/// ConsumedQuantity and `x_FailedCalls`, not in PricingQuantity.
///
/// The file is streamed one day at a time: memory holds one day's rows, never the output. The
/// column mapping is documented in `specs/standards.md`.
public struct FOCUSWriter {
  public enum Version: String, CaseIterable, Sendable {
    case v1p2 = "1.2"
    case v1p3 = "1.3"
  }

  public var version: Version = .v1p2
  public var catalog: ModelCatalog
  public init(catalog: ModelCatalog, version: Version = .v1p2) {
    self.catalog = catalog
    self.version = version
  }

  /// Every column the writer knows, in file order (FOCUS columns alphabetically, then `x_`).
  enum Column: String, CaseIterable {
    case billedCost = "BilledCost"
    case billingAccountId = "BillingAccountId"
    case billingAccountName = "BillingAccountName"
    case billingCurrency = "BillingCurrency"
    case billingPeriodEnd = "BillingPeriodEnd"
    case billingPeriodStart = "BillingPeriodStart"
    case chargeCategory = "ChargeCategory"
    case chargeClass = "ChargeClass"
    case chargeDescription = "ChargeDescription"
    case chargeFrequency = "ChargeFrequency"
    case chargePeriodEnd = "ChargePeriodEnd"
    case chargePeriodStart = "ChargePeriodStart"
    case consumedQuantity = "ConsumedQuantity"
    case consumedUnit = "ConsumedUnit"
    case contractedCost = "ContractedCost"
    case contractedUnitPrice = "ContractedUnitPrice"
    case effectiveCost = "EffectiveCost"
    case hostProviderName = "HostProviderName"
    case invoiceId = "InvoiceId"
    case invoiceIssuerName = "InvoiceIssuerName"
    case listCost = "ListCost"
    case listUnitPrice = "ListUnitPrice"
    case pricingCategory = "PricingCategory"
    case pricingQuantity = "PricingQuantity"
    case pricingUnit = "PricingUnit"
    case providerName = "ProviderName"
    case publisherName = "PublisherName"
    case regionId = "RegionId"
    case regionName = "RegionName"
    case serviceCategory = "ServiceCategory"
    case serviceName = "ServiceName"
    case serviceProviderName = "ServiceProviderName"
    case serviceSubcategory = "ServiceSubcategory"
    case skuId = "SkuId"
    case skuMeter = "SkuMeter"
    case skuPriceDetails = "SkuPriceDetails"
    case skuPriceId = "SkuPriceId"
    case subAccountId = "SubAccountId"
    case subAccountName = "SubAccountName"
    case tags = "Tags"
    case calls = "x_Calls"
    case customerId = "x_CustomerId"
    case failedCalls = "x_FailedCalls"
    case productId = "x_ProductId"
    case subscriptionTier = "x_SubscriptionTier"

    /// Columns that FOCUS 1.3 introduced (1.3 keeps the deprecated ProviderName and
    /// PublisherName: they are removed only in 1.4).
    var since1p3: Bool { self == .hostProviderName || self == .serviceProviderName }
  }

  /// The columns of this version, in file order.
  var fileColumns: [Column] { Column.allCases.filter { version == .v1p3 || !$0.since1p3 } }

  /// The header names of this version, in file order.
  public var columns: [String] { fileColumns.map(\.rawValue) }

  /// The unit every PricingQuantity is counted in: catalogs quote prices per million tokens,
  /// and FOCUS's UnitFormat wants a whole-number quantity (`1M Tokens` is not one).
  static let pricingUnit = "1000000 Tokens"

  /// A token type: the three meters of a chat model.
  enum Meter: Int, CaseIterable {
    case input, cachedInput, output
    var name: String { ["Input Tokens", "Cached Input Tokens", "Output Tokens"][rawValue] }
    var sku: String { ["input", "cached-input", "output"][rawValue] }
    var detail: String { ["Input", "CachedInput", "Output"][rawValue] }
  }

  /// A row within a day; the sort order of the file within a day.
  struct Key: Hashable, Comparable {
    var customer: UInt32
    var model: UInt16
    var meter: UInt8
    /// Whether the call passed its model's long-context threshold (priced at other rates).
    var long: Bool
    var product: UInt16
    var tier: UInt8
    var region: UInt8
    var org: UInt16

    static func < (a: Key, b: Key) -> Bool {
      if (a.customer, a.model, a.meter) != (b.customer, b.model, b.meter) {
        return (a.customer, a.model, a.meter) < (b.customer, b.model, b.meter)
      }
      return (a.long ? 1 : 0, a.product, a.tier, a.region, a.org) < (b.long ? 1 : 0, b.product, b.tier, b.region, b.org)
    }
  }

  struct Sums {
    /// Billed nano-dollars (the calls' exact costs, split by meter).
    var cost: Int64 = 0
    /// Every token the calls consumed.
    var tokens: Int64 = 0
    /// Tokens of calls that were billed (all but failed calls).
    var billedTokens: Int64 = 0
    var calls: Int64 = 0
    var failedCalls: Int64 = 0
  }

  /// Streams `run` to `sink`; returns the rows written (excluding the header).
  ///
  /// Calls are visited day by day (in place when the run is in time order, as simulated runs
  /// are; otherwise through a 4-byte-per-call index), and each day's rows are summed, sorted
  /// and written before the next day starts, so memory is one day's rows plus a 1 MB buffer.
  /// `isCancelled` is polled every 64k calls and every 64k rows; `progress` hears the
  /// fraction of calls done.
  @discardableResult
  public func write(
    _ run: Run, to sink: ByteSink, isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: (Double) -> Void = { _ in }
  ) throws(IOError) -> Int {
    let prices = run.dimensions.models.map { catalog.model($0.id)?.price.flat }
    let text = Text(run.dimensions, prices: prices)
    let columns = fileColumns
    var out = ByteBuffer(capacity: 1 << 20)
    out.append(columns.map(\.rawValue).joined(separator: ","))
    out.append(byte: 0x0D)
    out.append(byte: 0x0A)
    let order = DayOrder(run)
    var sums: [Key: Sums] = [:]
    var visited = 0
    var rows = 0
    for group in order.days {
      sums.removeAll(keepingCapacity: true)
      for k in group.start..<group.end {
        if visited & 0xFFFF == 0 && visited > 0 {
          if isCancelled() { throw IOError.cancelled }
          progress(Double(visited) / Double(max(1, run.count)))
        }
        visited += 1
        add(order.call(k), of: run, prices: prices, to: &sums)
      }
      let day = DayText(group.day)
      for key in sums.keys.sorted() {
        if rows & 0xFFFF == 0 && rows > 0 && isCancelled() { throw IOError.cancelled }
        guard let s = sums[key] else { continue }
        appendRow(key, s, day: day, columns: columns, text: text, price: prices[Int(key.model)], to: &out)
        rows += 1
        if out.count > (1 << 20) - 8192 { try out.flush(to: sink) }
      }
    }
    try out.flush(to: sink)
    return rows
  }

  /// Adds call `i` to its day's rows: up to three (one per meter with tokens or cost).
  @inline(__always)
  func add(_ i: Int, of run: Run, prices: [ModelPrice.Flat?], to sums: inout [Key: Sums]) {
    let input = Int64(run.inputTokens[i])
    let cached = Int64(run.cachedTokens[i])
    let tokens = (max(0, input - cached), cached, Int64(run.outputTokens[i]))
    let price = prices[Int(run.model[i])]
    let long = price.map { Int(input) > $0.threshold } ?? false
    let cost = run.cost[i]
    let parts = Self.split(cost, tokens: tokens, long: long, price: price)
    // A failed call is not charged: its tokens were consumed but are not priced.
    let failed = run.status[i] == 1 && cost == 0
    for meter in 0..<3 {
      let n = meter == 0 ? tokens.0 : meter == 1 ? tokens.1 : tokens.2
      let part = meter == 0 ? parts.0 : meter == 1 ? parts.1 : parts.2
      guard n > 0 || part != 0 else { continue }
      let key = Key(
        customer: run.customer[i], model: run.model[i], meter: UInt8(meter), long: long, product: run.product[i],
        tier: run.tier[i], region: run.region[i], org: run.organization[i])
      sums[key, default: Sums()].add(cost: part, tokens: n, failed: failed)
    }
  }

  /// A call's exact `cost` split across its fresh input, cached input and output `tokens` in
  /// proportion to their list-price amounts (at the long-context rates when `long`); all of it
  /// on input when the model has no catalog price (or its tokens price at zero).
  static func split(
    _ cost: Int64, tokens: (Int64, Int64, Int64), long: Bool, price p: ModelPrice.Flat?
  ) -> (Int64, Int64, Int64) {
    guard let p else { return (cost, 0, 0) }
    let rates = long ? (p.longInput, p.longCached, p.longOutput) : (p.input, p.cached, p.output)
    // Int128: 4.3 × 10⁹ tokens at 10¹⁴ nano-dollars per 1M tokens passes Int64.
    let a = Int128(tokens.0) * Int128(rates.0)
    let b = Int128(tokens.1) * Int128(rates.1)
    let total = a + b + Int128(tokens.2) * Int128(rates.2)
    guard total > 0 else { return (cost, 0, 0) }
    let first = Int64(clamping: Money(nanos: cost).scaled(by: a, per: total).nanos)
    let second = Int64(clamping: Money(nanos: cost).scaled(by: b, per: total).nanos)
    return (first, second, cost - first - second)
  }

  /// The catalog rate of a row's meter in nano-dollars per 1M tokens, or nil without a price.
  static func rate(_ key: Key, price p: ModelPrice.Flat?) -> Int64? {
    guard let p else { return nil }
    switch (Meter(rawValue: Int(key.meter)) ?? .input, key.long) {
    case (.input, false): return p.input
    case (.cachedInput, false): return p.cached
    case (.output, false): return p.output
    case (.input, true): return p.longInput
    case (.cachedInput, true): return p.longCached
    case (.output, true): return p.longOutput
    }
  }

  /// Appends one row, field by field in `columns` order.
  func appendRow(
    _ key: Key, _ s: Sums, day: DayText, columns: [Column], text: Text, price: ModelPrice.Flat?,
    to out: inout ByteBuffer
  ) {
    let m = Int(key.model)
    let meter = Meter(rawValue: Int(key.meter)) ?? .input
    let rate = Self.rate(key, price: price)
    // The list amount: rate (10⁻⁹ $ per 10⁶ tokens) × billed tokens = 10⁻¹⁵ $ units, exactly.
    let listCost = rate.map { Int128($0) * Int128(s.billedTokens) }
    for (n, column) in columns.enumerated() {
      if n > 0 { out.append(byte: 0x2C) }
      switch column {
      case .billedCost, .effectiveCost: out.appendDecimal(Int128(s.cost), scale: 9)
      case .listCost, .contractedCost:
        if let listCost { out.appendDecimal(listCost, scale: 15) } else { out.appendDecimal(Int128(s.cost), scale: 9) }
      case .listUnitPrice, .contractedUnitPrice: if let rate { out.appendDecimal(Int128(rate), scale: 9) }
      case .pricingQuantity: out.appendDecimal(Int128(s.billedTokens), scale: 6)
      case .pricingUnit: out.append(Self.pricingUnit)
      case .consumedQuantity: out.appendInt(s.tokens)
      case .consumedUnit: out.append("Tokens")
      case .billingAccountId: out.append(text.accountIds[m])
      case .billingAccountName: out.append(text.accountNames[m])
      case .billingCurrency: out.append("USD")
      case .billingPeriodStart: out.append(day.periodStart)
      case .billingPeriodEnd: out.append(day.periodEnd)
      case .chargePeriodStart: out.append(day.start)
      case .chargePeriodEnd: out.append(day.end)
      case .chargeCategory: out.append("Usage")
      case .chargeClass: break
      case .chargeFrequency: out.append("Usage-Based")
      case .pricingCategory: out.append("Standard")
      case .chargeDescription: appendDescription(key, s, meter: meter, text: text, to: &out)
      case .invoiceId:
        out.append(text.invoicePrefixes[m])
        out.append(day.month)
      case .invoiceIssuerName, .providerName, .serviceProviderName: out.append(text.providerNames[m])
      case .publisherName: out.append(text.publishers[m])
      case .hostProviderName: out.append(text.hosts[m])
      case .regionId: out.append(text.regions[Int(key.region)])
      case .regionName: out.append(text.regionNames[Int(key.region)])
      case .serviceCategory: out.append("AI and Machine Learning")
      case .serviceSubcategory: out.append("Generative AI")
      case .serviceName: out.append(text.modelNames[m])
      case .skuId: out.append(text.skuIds[m][meter.rawValue])
      case .skuMeter: out.append(meter.name)
      case .skuPriceId: if rate != nil { out.append(text.skuPriceIds[m][meter.rawValue][key.long ? 1 : 0]) }
      case .skuPriceDetails: if rate != nil { out.append(text.skuPriceDetails[m][meter.rawValue][key.long ? 1 : 0]) }
      case .subAccountId, .subAccountName: out.append(text.organizations[Int(key.org)])
      case .tags: appendTags(key, text: text, to: &out)
      case .calls: out.appendInt(s.calls)
      case .failedCalls: out.appendInt(s.failedCalls)
      case .customerId: out.append(text.customers[Int(key.customer)])
      case .productId: out.append(text.products[Int(key.product)])
      case .subscriptionTier: out.append(text.tiers[Int(key.tier)])
      }
    }
    out.append(byte: 0x0D)
    out.append(byte: 0x0A)
  }

  /// `"12,683 input tokens of gpt-4o-mini for cust_0001 (2 calls; 1 failed, not billed)"`,
  /// always quoted (the grouped number holds a comma).
  private func appendDescription(_ key: Key, _ s: Sums, meter: Meter, text: Text, to out: inout ByteBuffer) {
    out.append(byte: 0x22)
    out.appendGrouped(s.tokens)
    out.append(byte: 0x20)
    out.append(meter.name.lowercased())
    if key.long { out.append(" at the long-context rate") }
    out.append(" of ")
    out.append(text.quotedModelNames[Int(key.model)])
    out.append(" for ")
    out.append(text.quotedCustomers[Int(key.customer)])
    out.append(" (")
    out.appendGrouped(s.calls)
    out.append(s.calls == 1 ? " call" : " calls")
    if s.failedCalls > 0 {
      out.append("; ")
      out.appendGrouped(s.failedCalls)
      out.append(" failed, not billed")
    }
    out.append(")\"")
  }

  /// `{"customer":…,"organization":…,"product":…,"tier":…}` as one quoted CSV field.
  private func appendTags(_ key: Key, text: Text, to out: inout ByteBuffer) {
    out.append("\"{\"\"customer\"\":\"\"")
    out.append(text.jsonCustomers[Int(key.customer)])
    out.append("\"\",\"\"organization\"\":\"\"")
    out.append(text.jsonOrganizations[Int(key.org)])
    out.append("\"\",\"\"product\"\":\"\"")
    out.append(text.jsonProducts[Int(key.product)])
    out.append("\"\",\"\"tier\"\":\"\"")
    out.append(text.jsonTiers[Int(key.tier)])
    out.append("\"\"}\"")
  }

  /// Who made the model (a hosting provider such as Bedrock or Azure resells others' models).
  static func publisher(_ ref: Run.ModelRef) -> String {
    let n = ref.name.lowercased()
    if n.hasPrefix("anthropic.") || n.hasPrefix("claude") { return "Anthropic" }
    if n.hasPrefix("amazon.") { return "Amazon" }
    if n.hasPrefix("meta.") { return "Meta" }
    if n.hasPrefix("gpt") || n.hasPrefix("o1") || n.hasPrefix("o3") { return "OpenAI" }
    if n.hasPrefix("gemini") { return "Google" }
    if n.hasPrefix("mistral") { return "Mistral" }
    if n.hasPrefix("command") { return "Cohere" }
    return ref.providerName
  }

  /// FOCUS 1.3's HostProviderName: whose infrastructure the service runs on.
  ///
  /// Bedrock and Azure
  /// OpenAI run in the cloud the customer chose; the other providers do not expose their host,
  /// and 1.3 then wants the service provider's own name.
  static func host(_ ref: Run.ModelRef) -> String {
    switch ref.providerKey {
    case "bedrock": "Amazon Web Services"
    case "azure": "Microsoft Azure"
    default: ref.providerName
    }
  }

  /// A display name for a region id: `us-east` → `US East`, `ap-southeast` → `Asia Pacific
  /// Southeast`; other words are capitalized.
  static func regionName(_ id: String) -> String {
    let areas = [
      "us": "US", "eu": "Europe", "ap": "Asia Pacific", "sa": "South America", "ca": "Canada",
      "me": "Middle East", "af": "Africa",
    ]
    let words = id.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).enumerated().map { n, w in
      n == 0 ? areas[w.lowercased()] ?? w.capitalized : w.capitalized
    }
    return words.isEmpty ? id : words.joined(separator: " ")
  }
}

extension FOCUSWriter.Sums {
  @inline(__always)
  mutating func add(cost part: Int64, tokens n: Int64, failed: Bool) {
    cost += part
    tokens += n
    calls += 1
    if failed { failedCalls += 1 } else { billedTokens += n }
  }
}
