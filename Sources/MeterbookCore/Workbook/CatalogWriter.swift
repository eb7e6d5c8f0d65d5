/// Writes a catalog in the format `CatalogLoader` reads (one line per model attribute).
public enum CatalogWriter {
  private static func m(_ x: Money) -> String { x.decimalString(places: 9).trimmedDecimal }

  /// A model's prices: the plain `price:` form for one undated price without a source (so a
  /// catalog without history reads back as it was written), else a `prices:` list, one line
  /// per dated entry.
  static func priceLines(_ schedule: PriceSchedule) -> [String] {
    if schedule.entries.count == 1, let only = schedule.entries.first, only.from == nil, only.source == nil {
      return ["        price: {\(rates(only.price))}"]
        + (only.price.longContext.map { ["        long_context: {\(long($0))}"] } ?? [])
    }
    return ["        prices:"]
      + schedule.entries.map { e in
        var fields = e.from.map { ["from: \($0)"] } ?? []
        fields.append(rates(e.price))
        if let lc = e.price.longContext { fields.append("long_context: {\(long(lc))}") }
        if let source = e.source { fields.append("source: \(quoted(source))") }
        return "          - {" + fields.joined(separator: ", ") + "}"
      }
  }

  /// Input, output and cache-read rates, then each offered tier: a ratio when one ratio gives
  /// every rate of the tier exactly, else its own prices.
  private static func rates(_ p: ModelPrice) -> String {
    var text = "input: \(m(p.input)), output: \(m(p.output))"
    if let c = p.cachedInput { text += ", cached_input: \(m(c))" }
    for tier in ServiceTier.allCases.dropFirst() {
      guard let r = p.rates(for: tier) else { continue }
      if let ratio = r.uniformRatio(of: p) {
        text += ", \(tier.rawValue): \(m(Money(nanos: ratio)))"
      } else {
        var own = "input: \(m(r.input)), output: \(m(r.output))"
        if let c = r.cachedInput { own += ", cached_input: \(m(c))" }
        if let lc = r.longContext { own += ", long_context: {\(long(lc))}" }
        text += ", \(tier.rawValue): {\(own)}"
      }
    }
    return text
  }

  private static func long(_ lc: ModelPrice.LongContextPrice) -> String {
    "above: \(lc.threshold), input: \(m(lc.input)), output: \(m(lc.output))"
      + (lc.cachedInput.map { ", cached_input: \(m($0))" } ?? "")
  }

  /// A YAML double-quoted string.
  private static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  public static func yaml(_ c: ModelCatalog, header: [String] = []) -> String {
    func n(_ x: Double) -> String { Format.fixed(x, places: 4).replacingOccurrences(of: ",", with: "").trimmedDecimal }
    var l = header.map { "# " + $0 }
    l += ["name: \(c.name)", "price_date: \(c.priceDate)", "currency: USD", "providers:"]
    for p in c.providers {
      let models = c.models.filter { $0.providerKey == p.key }
      guard !models.isEmpty else { continue }
      l.append("  \(p.key):")
      l.append("    name: \(p.name)")
      if let t = p.commitment { l.append("    commitment: {discount: \(n(t.discount)), term_months: \(t.termMonths)}") }
      l.append("    models:")
      for s in models {
        let key = s.name.contains(":") || s.name.contains(" ") ? "\"\(s.name)\"" : s.name
        l.append("      \(key):")
        l += priceLines(s.prices)
        l.append("        context: \(s.contextWindow)")
        l.append(
          "        latency: {ttft_ms: \(n(s.latency.timeToFirstTokenMs)), ms_per_token: \(n(s.latency.msPerOutputToken)), spread: \(n(s.latency.spread))}"
        )
        l.append("        reliability: {error: \(n(s.errorRate)), timeout: \(n(s.timeoutRate))}")
        l.append(
          "        quality: {" + TaskType.all.map { "\($0.rawValue): \(n(s.quality(for: $0)))" }.joined(separator: ", ")
            + "}")
      }
    }
    return l.joined(separator: "\n") + "\n"
  }
}
