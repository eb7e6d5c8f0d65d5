import Foundation
import Synchronization

/// Reads a model catalog (`scenarios/catalog/NAME.yaml`), reporting every problem located.
///
/// The format is documented in `specs/catalog-format.md`.
public enum CatalogLoader {
  static let topKeys = ["name", "price_date", "currency", "providers"]
  static let providerKeys = ["name", "commitment", "models"]
  static let modelKeys = ["price", "prices", "long_context", "context", "latency", "reliability", "quality"]
  static let priceKeys = [
    "from", "input", "output", "cached_input", "long_context", "batch", "flex", "priority", "source",
  ]
  static let tierKeys = ["input", "output", "cached_input", "long_context"]
  static let longKeys = ["above", "input", "output", "cached_input"]

  /// Loads the catalog file at `url`.
  ///
  /// A catalog is parsed once per file text: the what-if loop reloads the workbook on every
  /// `set`, and parsing the 32-model catalog again each time was a quarter of that loop. The
  /// file is still read every time, so an edited catalog is parsed anew.
  public static func load(contentsOf url: URL, displayPath: String? = nil) throws(DiagnosticsError) -> ModelCatalog {
    let shown = displayPath ?? url.path
    let text = try YAMLSource.text(of: url, displayPath: shown)
    let key = url.standardizedFileURL.path + "\n" + shown
    if let known = parsed.withLock({ $0[key] }), known.text == text { return known.catalog }
    let source = try YAMLSource(text: text, path: shown)
    var d = Diagnostics()
    let catalog = read(source, into: &d)
    guard d.isEmpty, let catalog else { throw DiagnosticsError(d) }
    parsed.withLock {
      if $0.count >= 16 { $0.removeAll() }
      $0[key] = (text, catalog)
    }
    return catalog
  }

  /// Catalogs parsed so far, by file and display path, with the text they were parsed from.
  private static let parsed = Mutex<[String: (text: String, catalog: ModelCatalog)]>([:])

  /// Reads a parsed catalog document; `nil` (with diagnostics) when it is not usable.
  public static func read(_ source: YAMLSource, into d: inout Diagnostics) -> ModelCatalog? {
    guard let node = source.root else {
      d.append(source.diagnostic(at: nil, "catalog file is empty; expected name, price_date and providers"))
      return nil
    }
    let root = YAMLValue(node: node, source: source, path: "")
    guard let top = root.fields(allowed: topKeys, what: "catalog", into: &d) else { return nil }
    let name = top.required("name", what: "the catalog's name", into: &d)?.string(into: &d) ?? ""
    let date = top.required("price_date", what: "the day the prices were read (YYYY-MM-DD)", into: &d)?.date(into: &d)
    if let currency = top["currency"], let c = currency.string(into: &d), c != "USD" {
      currency.error("currency '\(c)' is not supported; expected USD", into: &d)
    }
    var providers: [Provider] = []
    var models: [ModelSpec] = []
    if let list = top.required("providers", what: "a mapping of providers", into: &d)?
      .mapping(what: "mapping of provider keys", into: &d)
    {
      for (key, value) in list {
        guard let p = value.fields(allowed: providerKeys, what: "provider", into: &d) else { continue }
        let display = p["name"]?.string(into: &d) ?? key
        var commitment: CommitmentTerms?
        if let c = p["commitment"]?.fields(allowed: ["discount", "term_months"], what: "commitment", into: &d),
          let disc = c.required("discount", what: "a discount share (0-0.9)", into: &d)?.double(in: 0...0.9, into: &d),
          let term = c.required("term_months", what: "a term in months", into: &d)?.int(in: 1...60, into: &d)
        {
          commitment = CommitmentTerms(discount: disc, termMonths: term)
        }
        providers.append(Provider(key: key, name: display, commitment: commitment))
        guard
          let modelList = p.required("models", what: "the provider's models", into: &d)?
            .mapping(what: "mapping of model names", into: &d)
        else { continue }
        for (modelName, mv) in modelList {
          if let spec = readModel(mv, provider: key, providerName: display, name: modelName, into: &d) {
            models.append(spec)
          }
        }
      }
    }
    if models.count > Limits.models {
      root.error("catalog has \(models.count) models; expected at most \(Limits.models)", into: &d)
      return nil
    }
    guard let date else { return nil }
    return ModelCatalog(name: name, priceDate: date.description, providers: providers, models: models)
  }

  static func readModel(
    _ value: YAMLValue, provider: String, providerName: String, name: String, into d: inout Diagnostics
  ) -> ModelSpec? {
    guard let f = value.fields(allowed: modelKeys, what: "model", into: &d) else { return nil }
    let long = f["long_context"].flatMap { readLongContext($0, into: &d) }
    let prices = readPrices(f, long: long, into: &d)
    let context = f.required("context", what: "the context window in tokens", into: &d)?
      .int(in: 1...100_000_000, into: &d)
    let latency = readLatency(f, into: &d)
    var errorRate = 0.0
    var timeoutRate = 0.0
    if let rf = f["reliability"]?.fields(allowed: ["error", "timeout"], what: "reliability", into: &d) {
      errorRate = rf["error"]?.double(in: 0...0.5, into: &d) ?? 0
      timeoutRate = rf["timeout"]?.double(in: 0...0.5, into: &d) ?? 0
    }
    let quality = readQuality(f, into: &d)
    guard let prices, let context else { return nil }
    // The dearest call fills the context window at the highest rate of any dated price; it must
    // stay a representable call cost (Limits.callCost), so no product of price and tokens overflows.
    let dearest = prices.entries.flatMap { $0.price.namedRates.compactMap(\.rate) }.max() ?? .zero
    let worst = Double(dearest.nanos) * Double(context) / 1e6
    if worst > Double(Limits.callCost.nanos) {
      (f["context"] ?? value).error(
        "model '\(provider)/\(name)' can cost \(Format.money(dollars: worst / 1e9)) per call "
          + "(\(context) tokens at \(Format.money(dearest)) per 1M); expected at most \(Format.money(Limits.callCost)) per call",
        hint: "lower the price or the context window", into: &d)
      return nil
    }
    return ModelSpec(
      providerKey: provider, providerName: providerName, name: name,
      prices: prices,
      contextWindow: context, latency: latency, errorRate: errorRate, timeoutRate: timeoutRate, quality: quality)
  }

  /// The `long_context:` rates (above an input-token threshold); `nil` when incomplete.
  static func readLongContext(_ v: YAMLValue, into d: inout Diagnostics) -> ModelPrice.LongContextPrice? {
    let maxPrice = Limits.pricePerMillionTokens
    guard let lf = v.fields(allowed: longKeys, what: "long_context", into: &d),
      let above = lf.required("above", what: "the input-token threshold", into: &d)?.int(in: 1...100_000_000, into: &d),
      let li = lf.required("input", what: "the input price above the threshold", into: &d)?.money(
        max: maxPrice, into: &d),
      let lo = lf.required("output", what: "the output price above the threshold", into: &d)?.money(
        max: maxPrice, into: &d)
    else { return nil }
    return .init(
      threshold: above, input: li, output: lo, cachedInput: lf["cached_input"]?.money(max: maxPrice, into: &d))
  }

  /// The `latency:` profile, each value defaulting to a typical model's.
  private static func readLatency(_ f: Fields, into d: inout Diagnostics) -> LatencyProfile {
    var latency = LatencyProfile(timeToFirstTokenMs: 500, msPerOutputToken: 10, spread: 0.35)
    if let lf = f["latency"]?.fields(allowed: ["ttft_ms", "ms_per_token", "spread"], what: "latency", into: &d) {
      latency.timeToFirstTokenMs = lf["ttft_ms"]?.double(in: 0...600_000, into: &d) ?? latency.timeToFirstTokenMs
      latency.msPerOutputToken = lf["ms_per_token"]?.double(in: 0...10_000, into: &d) ?? latency.msPerOutputToken
      latency.spread = lf["spread"]?.double(in: 0...3, into: &d) ?? latency.spread
    }
    return latency
  }

  /// Quality per task type (by `TaskType.index`), 0.8 where the catalog gives none.
  private static func readQuality(_ f: Fields, into d: inout Diagnostics) -> [Double] {
    var quality = [Double](repeating: 0.8, count: TaskType.all.count)
    if let qf = f["quality"]?.fields(allowed: TaskType.all.map(\.rawValue), what: "quality", into: &d) {
      for (k, v) in qf.entries {
        if let t = TaskType(rawValue: k), let q = v.double(in: 0...1, into: &d) { quality[t.index] = q }
      }
    }
    return quality
  }
}
