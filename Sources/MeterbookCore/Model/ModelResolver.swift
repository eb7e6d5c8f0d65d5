/// Resolves a model name as a tool logged it to a catalog model, by documented alias rules.
///
/// Logs name models the way the caller or the provider's response did: dated snapshots
/// (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`), routing prefixes (`vertex_ai/…`,
/// `bedrock/…`, `openai/…`), Bedrock region and vendor prefixes (`us.anthropic.…-v1:0`).
/// The catalog lists each model once; these rules (`specs/standards.md`, "Model aliases")
/// map the first to the second, in this order, the first match winning:
///
/// 1. the mapping's own `aliases:` (the logged name, any case → a catalog id);
/// 2. a catalog id `provider/model`;
/// 3. the name as written, under the row's provider (then under any provider);
/// 4. the name's canonical form under the row's provider (then under any provider).
///
/// A routing prefix (`vertex_ai/`, `bedrock/`, ...) is stripped first and becomes the provider
/// when the row names none. The canonical form is lowercase, without a Bedrock region
/// (`us.`, `eu.`, `apac.`, `global.`) or vendor (`anthropic.`, `amazon.`, `meta.`, ...)
/// prefix, a version suffix (`-v1:0`), a date suffix (`-20250929`, `@20250929`,
/// `-2024-08-06`, `-0613`) or `-latest`.
///
/// ```swift
/// let resolver = ModelResolver(catalog: catalog)
/// resolver.resolve(model: "bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", provider: nil)?.spec.id
/// // "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"
/// ```
public struct ModelResolver: Sendable {
  public let catalog: ModelCatalog
  /// Logged name, lowercased → catalog model.
  private let aliases: [String: ModelSpec]
  /// Catalog models by lowercased name and by canonical name, in catalog order.
  private let byName: [String: [ModelSpec]]
  private let byCanonical: [String: [ModelSpec]]
  /// Lowercased provider spellings → catalog provider key.
  private let providerKeys: [String: String]

  /// Which rule resolved a name.
  public enum Rule: String, Sendable, Hashable {
    case mappingAlias = "mapping alias"
    case catalogID = "catalog id"
    case exact = "exact name"
    case canonical = "alias rules"
  }

  /// How logged provider names are spelled by the tools, beside the catalog's own keys and names.
  public static let providerSpellings: [String: String] = [
    "openai": "openai", "text-completion-openai": "openai", "openai_like": "openai",
    "anthropic": "anthropic", "anthropic_text": "anthropic",
    "google": "google", "gemini": "google", "vertex_ai": "google", "vertex_ai_beta": "google", "vertex": "google",
    "google_ai_studio": "google", "palm": "google",
    "bedrock": "bedrock", "bedrock_converse": "bedrock", "aws": "bedrock", "aws_bedrock": "bedrock",
    "azure": "azure", "azure_ai": "azure", "azure_openai": "azure", "azure_text": "azure",
    "mistral": "mistral", "mistralai": "mistral", "codestral": "mistral",
    "cohere": "cohere", "cohere_chat": "cohere",
  ]

  /// Bedrock cross-region inference prefixes.
  static let regionPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."]
  /// Bedrock vendor prefixes.
  static let vendorPrefixes = [
    "anthropic.", "amazon.", "meta.", "mistral.", "cohere.", "ai21.", "deepseek.", "openai.", "writer.", "qwen.",
  ]

  /// - Parameter aliases: logged name → catalog id (`provider/model`), from a mapping's `aliases:`;
  ///   ids the catalog lacks are ignored (the mapping loader reports them).
  public init(catalog: ModelCatalog, aliases: [String: String] = [:]) {
    self.catalog = catalog
    var byName: [String: [ModelSpec]] = [:]
    var byCanonical: [String: [ModelSpec]] = [:]
    for m in catalog.models {
      byName[m.name.lowercased(), default: []].append(m)
      byCanonical[Self.canonical(m.name), default: []].append(m)
    }
    self.byName = byName
    self.byCanonical = byCanonical
    var keys = Self.providerSpellings
    for p in catalog.providers {
      keys[p.key.lowercased()] = p.key
      keys[p.name.lowercased()] = p.key
      keys[p.name.lowercased().replacingOccurrences(of: " ", with: "_")] = p.key
    }
    providerKeys = keys
    var resolvedAliases: [String: ModelSpec] = [:]
    for (name, id) in aliases {
      if let spec = catalog.model(id) { resolvedAliases[name.lowercased()] = spec }
    }
    self.aliases = resolvedAliases
  }

  /// The catalog provider key a logged provider name means (`vertex_ai` → `google`), or `nil`.
  public func providerKey(_ logged: String) -> String? {
    let p = logged.trimmingCharacters(in: .whitespaces).lowercased()
    return providerKeys[p] ?? providerKeys[p.replacingOccurrences(of: " ", with: "_")]
  }

  /// The catalog model for a logged model name (and the row's provider, if any), with the rule that
  /// matched; `nil` when no rule matches.
  public func resolve(model logged: String, provider: String?) -> (spec: ModelSpec, rule: Rule)? {
    let raw = logged.trimmingCharacters(in: .whitespaces)
    if let spec = aliases[raw.lowercased()] { return (spec, .mappingAlias) }
    if let spec = catalog.model(raw) { return (spec, .catalogID) }
    var name = raw.lowercased()
    var hint = provider.flatMap(providerKey)
    // Routing prefixes, possibly stacked (`openrouter/anthropic/...` keeps the last known one).
    while let slash = name.firstIndex(of: "/") {
      let prefix = String(name[..<slash])
      if let key = providerKey(prefix) {
        if provider == nil || hint == nil { hint = key }
      }
      name = String(name[name.index(after: slash)...])
    }
    if let spec = pick(byName[name], hint: hint) { return (spec, .exact) }
    if let spec = pick(byCanonical[Self.canonical(name)], hint: hint) { return (spec, .canonical) }
    return nil
  }

  /// The catalog id nearest to an unknown logged name, for a "did you mean".
  public func suggestion(for logged: String) -> String? {
    var name = logged.trimmingCharacters(in: .whitespaces).lowercased()
    if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
    let target = Self.canonical(name)
    guard let near = Suggestion.nearest(to: target, in: byCanonical.keys.sorted()) else { return nil }
    return byCanonical[near]?.first?.id
  }

  /// The entry under `hint` when there is one, else the first in catalog order.
  private func pick(_ candidates: [ModelSpec]?, hint: String?) -> ModelSpec? {
    guard let candidates, !candidates.isEmpty else { return nil }
    return candidates.first { $0.providerKey == hint } ?? candidates[0]
  }

  /// The canonical form of a model name (see the type's rules).
  public static func canonical(_ name: String) -> String {
    var s = Substring(name.lowercased())
    if let slash = s.lastIndex(of: "/") { s = s[s.index(after: slash)...] }
    for p in regionPrefixes
    where s.hasPrefix(p) && vendorPrefixes.contains(where: { s.dropFirst(p.count).hasPrefix($0) }) {
      s = s.dropFirst(p.count)
      break
    }
    for p in vendorPrefixes where s.hasPrefix(p) {
      s = s.dropFirst(p.count)
      break
    }
    var u = Array(s.utf8)
    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    func allDigits(_ r: Range<Int>) -> Bool { r.allSatisfy { isDigit(u[$0]) } }
    // A version suffix: -v1, -v1:0, :0.
    if let colon = u.lastIndex(of: 58), colon + 1 < u.count, allDigits((colon + 1)..<u.count) {
      u.removeSubrange(colon...)
    }
    if let dash = u.lastIndex(of: 45), dash + 2 <= u.count, u[dash + 1] == 118, dash + 2 < u.count,
      allDigits((dash + 2)..<u.count)
    {
      u.removeSubrange(dash...)
    }
    let n = u.count
    // -YYYY-MM-DD
    if n >= 11, u[n - 11] == 45, u[n - 6] == 45, u[n - 3] == 45, allDigits((n - 10)..<(n - 6)),
      allDigits((n - 5)..<(n - 3)), allDigits((n - 2)..<n)
    {
      u.removeSubrange((n - 11)...)
    } else if n >= 9, u[n - 9] == 45 || u[n - 9] == 64, allDigits((n - 8)..<n) {
      u.removeSubrange((n - 9)...)  // -YYYYMMDD or @YYYYMMDD
    } else if n >= 6, u[n - 5] == 45, allDigits((n - 4)..<n), !allDigits(0..<(n - 5)) {
      u.removeSubrange((n - 5)...)  // -MMDD or -YYMM
    }
    var out = String(decoding: u, as: UTF8.self)
    if out.hasSuffix("-latest") { out.removeLast(7) }
    return out
  }
}
