/// Writes a catalog in the format `CatalogLoader` reads (one line per model attribute).
public enum CatalogWriter {
  public static func yaml(_ c: ModelCatalog, header: [String] = []) -> String {
    func m(_ x: Money) -> String { x.decimalString(places: 9).trimmedDecimal }
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
        var price = "input: \(m(s.price.input)), output: \(m(s.price.output))"
        if let c = s.price.cachedInput { price += ", cached_input: \(m(c))" }
        if let b = s.price.batchMultiplier { price += ", batch: \(n(b))" }
        l.append("        price: {\(price)}")
        if let lc = s.price.longContext {
          l.append(
            "        long_context: {above: \(lc.threshold), input: \(m(lc.input)), output: \(m(lc.output))\(lc.cachedInput.map { ", cached_input: \(m($0))" } ?? "")}"
          )
        }
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
