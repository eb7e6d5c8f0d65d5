import Foundation

/// Reads LiteLLM's public `model_prices_and_context_window.json` (USD per token) and brings a
/// catalog's prices up to date: input, output, cache read, above-200k, batch, flex and priority
/// rates, and the context window, reporting every change.
///
/// History is kept: a model whose price changed gets a new dated entry from the import day
/// (older entries stay, so past calls keep their price); an unchanged price adds nothing.
/// Models the catalog does not have are listed, not added (their latency and quality are
/// unknown); latency, reliability and quality stay as they are.
public struct PriceMapImporter {
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    public var model: String
    public var field: String
    public var old: String
    public var new: String
    public var description: String { "\(model): \(field) \(old) → \(new)" }
  }

  public struct Result: Sendable {
    public var catalog: ModelCatalog
    public var changes: [Change]
    /// The models that got a new dated price, in catalog order.
    public var repriced: [String]
    public var unmatched: [String]
    public var newModels: [String]
  }

  public enum ImportError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    /// A changed model already has a price from a later day than the import's (model, its
    /// newest day, the import's day).
    case notAfterNewest(String, newest: CalendarDay, from: CalendarDay)
    public var description: String {
      switch self {
      case .notJSON(let why):
        "not a LiteLLM price map: \(why); expected a JSON object of model → {input_cost_per_token, ...}"
      case .notAfterNewest(let model, let newest, let from):
        "\(model) already has a price from \(newest); a new price from \(from) would not be the newest; "
          + "expected --from \(newest) or later"
      }
    }
  }

  /// The price map's key suffix of each service tier's rates.
  static let tierSuffixes: [(tier: ServiceTier, suffix: String)] = [
    (.batch, "_batches"), (.flex, "_flex"), (.priority, "_priority"),
  ]

  /// LiteLLM key prefixes tried per catalog provider.
  static let prefixes: [String: [String]] = [
    "openai": [""], "anthropic": [""], "google": ["gemini/", "vertex_ai/", ""],
    "bedrock": ["", "bedrock/", "bedrock_converse/"],
    "azure": ["azure/"], "mistral": ["mistral/", ""], "cohere": ["", "cohere_chat/", "cohere/"],
  ]
  static let providerOf: [String: String] = [
    "openai": "openai", "anthropic": "anthropic", "gemini": "google", "vertex_ai-language-models": "google",
    "bedrock": "bedrock",
    "bedrock_converse": "bedrock", "azure": "azure", "mistral": "mistral", "cohere": "cohere", "cohere_chat": "cohere",
  ]

  /// `catalog` with the price map's prices: a changed price becomes a new entry from `day`
  /// with `source` (an entry already from `day` is replaced, so importing twice on one day
  /// keeps one entry); `priceDate` becomes the catalog's price date.
  public static func update(
    _ catalog: ModelCatalog, with data: Data, priceDate: String, from day: CalendarDay, source: String
  ) throws(ImportError) -> Result {
    guard let object = try? JSONSerialization.jsonObject(with: data), let map = object as? [String: Any] else {
      throw .notJSON("the top level is not an object")
    }
    var out = catalog
    var changes: [Change] = []
    var unmatched: [String] = []
    var matchedKeys = Set<String>()
    var repriced: [String] = []
    for spec in catalog.models {
      let keys = (prefixes[spec.providerKey] ?? [""]).map { $0 + spec.name }
      guard let key = keys.first(where: { map[$0] is [String: Any] }), let entry = map[key] as? [String: Any] else {
        unmatched.append(spec.id)
        continue
      }
      matchedKeys.insert(key)
      var s = spec
      let price = updated(spec.price, of: spec.id, from: entry, changes: &changes)
      if let ctx = (entry["max_input_tokens"] as? NSNumber)?.intValue, ctx != s.contextWindow {
        changes.append(Change(model: spec.id, field: "context", old: String(s.contextWindow), new: String(ctx)))
        s.contextWindow = ctx
      }
      if price != spec.price {
        repriced.append(spec.id)
        if spec.prices.newestEntry.from == day {
          s.price = price
        } else {
          s.prices = try dated(
            s.prices, appending: PriceSchedule.Entry(from: day, price: price, source: source), model: spec.id)
        }
      }
      out.replace(s)
    }
    out.priceDate = priceDate
    return Result(
      catalog: out, changes: changes, repriced: repriced, unmatched: unmatched,
      newModels: newModels(in: map, except: matchedKeys))
  }

  /// A price map's USD-per-token value as dollars per 1M tokens; a price outside
  /// 0 … `Limits.pricePerMillionTokens` (or not finite) is ignored, not trusted.
  private static func perMillion(_ v: Any?) -> Money? {
    guard let d = (v as? NSNumber)?.doubleValue ?? (v as? Double), let m = Money(approximating: d * 1e6),
      m >= .zero, m <= Limits.pricePerMillionTokens
    else { return nil }
    return m
  }

  /// `schedule` with `entry` added after its newest entry, or the import's day refused.
  private static func dated(_ schedule: PriceSchedule, appending entry: PriceSchedule.Entry, model: String)
    throws(ImportError) -> PriceSchedule
  {
    var out = schedule
    do throws(PriceSchedule.Problem) {
      try out.append(entry)
    } catch {
      throw .notAfterNewest(
        model, newest: schedule.newestEntry.from ?? CalendarDay(daysSinceEpoch: 0),
        from: entry.from ?? CalendarDay(daysSinceEpoch: 0))
    }
    return out
  }

  /// `price` with the rates of its price map `entry`, each change recorded.
  private static func updated(_ old: ModelPrice, of model: String, from entry: [String: Any], changes: inout [Change])
    -> ModelPrice
  {
    var p = old
    func set(_ field: String, _ old: Money?, _ new: Money?, _ apply: (Money) -> Void) {
      guard let new, new != old else { return }
      changes.append(Change(model: model, field: field, old: old.map(Format.money) ?? "none", new: Format.money(new)))
      apply(new)
    }
    set("input", p.input, perMillion(entry["input_cost_per_token"])) { p.input = $0 }
    set("output", p.output, perMillion(entry["output_cost_per_token"])) { p.output = $0 }
    set("cached_input", p.cachedInput, perMillion(entry["cache_read_input_token_cost"])) { p.cachedInput = $0 }
    updateLongContext(&p, of: model, from: entry, changes: &changes)
    for (tier, suffix) in tierSuffixes {
      guard let input = perMillion(entry["input_cost_per_token" + suffix]),
        let output = perMillion(entry["output_cost_per_token" + suffix])
      else { continue }
      let before = p.rates(for: tier)
      var r = before ?? TierRates(input: input, output: output)
      set("\(tier).input", before?.input, input) { r.input = $0 }
      set("\(tier).output", before?.output, output) { r.output = $0 }
      set("\(tier).cached_input", before?.cachedInput, perMillion(entry["cache_read_input_token_cost" + suffix])) {
        r.cachedInput = $0
      }
      p.setRates(r, for: tier)
    }
    return p
  }

  /// The above-200k rates, when the entry has both input and output ones.
  private static func updateLongContext(
    _ p: inout ModelPrice, of model: String, from entry: [String: Any], changes: inout [Change]
  ) {
    guard let li = perMillion(entry["input_cost_per_token_above_200k_tokens"]),
      let lo = perMillion(entry["output_cost_per_token_above_200k_tokens"])
    else { return }
    let long = ModelPrice.LongContextPrice(
      threshold: 200_000, input: li, output: lo,
      cachedInput: perMillion(entry["cache_read_input_token_cost_above_200k_tokens"]) ?? p.longContext?.cachedInput)
    guard long != p.longContext else { return }
    changes.append(
      Change(
        model: model, field: "long_context",
        old: p.longContext.map { "\(Format.money($0.input))/\(Format.money($0.output))" } ?? "none",
        new: "\(Format.money(li))/\(Format.money(lo)) above 200k"))
    p.longContext = long
  }

  /// The price map's chat models of known providers that the catalog does not have, as
  /// `provider/model`, sorted.
  private static func newModels(in map: [String: Any], except matchedKeys: Set<String>) -> [String] {
    map.compactMap { key, value -> String? in
      guard !matchedKeys.contains(key), let e = value as? [String: Any], (e["mode"] as? String) == "chat",
        let p = (e["litellm_provider"] as? String).flatMap({ providerOf[$0] })
      else { return nil }
      return "\(p)/\(key.split(separator: "/").last.map(String.init) ?? key)"
    }.sorted()
  }
}
