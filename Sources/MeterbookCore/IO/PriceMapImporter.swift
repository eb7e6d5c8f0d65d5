import Foundation

/// Reads LiteLLM's public `model_prices_and_context_window.json` (USD per token) and updates a
/// catalog's prices: input, output, cache read, batch and above-200k rates, and the context
/// window, reporting every change.
///
/// Models the catalog does not have are listed, not added
/// (their latency and quality are unknown); latency, reliability and quality stay as they are.
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
    public var unmatched: [String]
    public var newModels: [String]
  }

  public enum ImportError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    public var description: String {
      switch self {
      case .notJSON(let why):
        "not a LiteLLM price map: \(why); expected a JSON object of model → {input_cost_per_token, ...}"
      }
    }
  }

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

  public static func update(_ catalog: ModelCatalog, with data: Data, priceDate: String) throws(ImportError) -> Result {
    guard let object = try? JSONSerialization.jsonObject(with: data), let map = object as? [String: Any] else {
      throw .notJSON("the top level is not an object")
    }
    var out = catalog
    var changes: [Change] = []
    var unmatched: [String] = []
    var matchedKeys = Set<String>()
    for spec in catalog.models {
      let keys = (prefixes[spec.providerKey] ?? [""]).map { $0 + spec.name }
      guard let key = keys.first(where: { map[$0] is [String: Any] }), let entry = map[key] as? [String: Any] else {
        unmatched.append(spec.id)
        continue
      }
      matchedKeys.insert(key)
      out.replace(updated(spec, from: entry, changes: &changes))
    }
    out.priceDate = priceDate
    return Result(
      catalog: out, changes: changes, unmatched: unmatched, newModels: newModels(in: map, except: matchedKeys))
  }

  /// A price map's USD-per-token value as dollars per 1M tokens; a price outside
  /// 0 … `Limits.pricePerMillionTokens` (or not finite) is ignored, not trusted.
  private static func perMillion(_ v: Any?) -> Money? {
    guard let d = (v as? NSNumber)?.doubleValue ?? (v as? Double), let m = Money(approximating: d * 1e6),
      m >= .zero, m <= Limits.pricePerMillionTokens
    else { return nil }
    return m
  }

  /// `spec` with the rates and context window of its price map `entry`, each change recorded.
  private static func updated(_ spec: ModelSpec, from entry: [String: Any], changes: inout [Change]) -> ModelSpec {
    var s = spec
    func set(_ field: String, _ old: Money?, _ new: Money?, _ apply: (Money) -> Void) {
      guard let new, new != old else { return }
      changes.append(
        Change(model: spec.id, field: field, old: old.map(Format.money) ?? "none", new: Format.money(new)))
      apply(new)
    }
    set("input", s.price.input, perMillion(entry["input_cost_per_token"])) { s.price.input = $0 }
    set("output", s.price.output, perMillion(entry["output_cost_per_token"])) { s.price.output = $0 }
    set("cached_input", s.price.cachedInput, perMillion(entry["cache_read_input_token_cost"])) {
      s.price.cachedInput = $0
    }
    if let bi = perMillion(entry["input_cost_per_token_batches"]), s.price.input.nanos > 0 {
      let ratio = (Double(bi.nanos) / Double(s.price.input.nanos) * 100).rounded() / 100
      if ratio != s.price.batchMultiplier {
        changes.append(
          Change(
            model: spec.id, field: "batch",
            old: s.price.batchMultiplier.map { Format.fixed($0, places: 2) } ?? "none",
            new: Format.fixed(ratio, places: 2)))
        s.price.batchMultiplier = ratio
      }
    }
    updateLongContext(&s, from: entry, changes: &changes)
    if let ctx = (entry["max_input_tokens"] as? NSNumber)?.intValue, ctx != s.contextWindow {
      changes.append(Change(model: spec.id, field: "context", old: String(s.contextWindow), new: String(ctx)))
      s.contextWindow = ctx
    }
    return s
  }

  /// The above-200k rates, when the entry has both input and output ones.
  private static func updateLongContext(_ s: inout ModelSpec, from entry: [String: Any], changes: inout [Change]) {
    guard let li = perMillion(entry["input_cost_per_token_above_200k_tokens"]),
      let lo = perMillion(entry["output_cost_per_token_above_200k_tokens"])
    else { return }
    let long = ModelPrice.LongContextPrice(
      threshold: 200_000, input: li, output: lo,
      cachedInput: perMillion(entry["cache_read_input_token_cost_above_200k_tokens"])
        ?? s.price.longContext?.cachedInput)
    guard long != s.price.longContext else { return }
    changes.append(
      Change(
        model: s.id, field: "long_context",
        old: s.price.longContext.map { "\(Format.money($0.input))/\(Format.money($0.output))" } ?? "none",
        new: "\(Format.money(li))/\(Format.money(lo)) above 200k"))
    s.price.longContext = long
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
