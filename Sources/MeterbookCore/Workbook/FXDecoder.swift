import Foundation

/// Reads an exchange-rate piece (`scenarios/fx/NAME.yaml`) into an `FXTable`.
///
/// The piece maps each pair `BASE/QUOTE` to its dated quotes, oldest first:
///
/// ```yaml
/// EUR/USD:
///   - {from: 2026-01-01, rate: 1.0350, source: ECB reference rate 2025-12-31}
///   - {from: 2026-02-01, rate: 1.0420, source: ECB reference rate 2026-01-30}
/// ```
///
/// Every problem is reported at its line in the piece.
struct FXDecoder {
  static let rateKeys = ["from", "rate", "source"]

  let library: ScenarioLibrary

  /// The table named by `fx: NAME` (`at` is that value, for an unknown name).
  func load(_ name: String, at: YAMLValue, into d: inout Diagnostics) -> FXTable? {
    let known = library.pieces(in: "fx")
    guard name.hasPrefix("fx/"), FileManager.default.fileExists(atPath: library.url(of: name).path) else {
      at.error(
        "unknown exchange rates '\(name)'; expected one of: \(known.isEmpty ? "(none under scenarios/fx/)" : known.joined(separator: ", "))",
        hint: Suggestion.nearest(to: name, in: known).map { "did you mean '\($0)'?" }
          ?? "add a piece under scenarios/fx/ (see specs/pricing.md, Currencies)", into: &d)
      return nil
    }
    do throws(DiagnosticsError) {
      let source = try YAMLSource(contentsOf: library.url(of: name), displayPath: library.displayPath(of: name))
      guard let node = source.root else {
        at.error("exchange rates '\(name)' are empty; expected pairs like EUR/USD", into: &d)
        return nil
      }
      return decode(name: name, YAMLValue(node: node, source: source, path: ""), into: &d)
    } catch {
      d.append(contentsOf: error.diagnostics)
      return nil
    }
  }

  /// The pairs of a piece's root mapping.
  func decode(name: String, _ root: YAMLValue, into d: inout Diagnostics) -> FXTable? {
    guard let entries = root.mapping(what: "mapping of currency pairs (EUR/USD: [...])", into: &d) else { return nil }
    let codes = Currency.allCases.map(\.rawValue)
    var pairs: [FXTable.Pair] = []
    for (key, value) in entries {
      let parts = key.split(separator: "/").map(String.init)
      guard parts.count == 2, let base = Currency(rawValue: parts[0]), let quote = Currency(rawValue: parts[1]),
        base != quote
      else {
        value.error(
          "unknown currency pair '\(key)'; expected BASE/QUOTE of two different currencies among \(codes.joined(separator: ", "))",
          hint: "write the pair like EUR/USD (1 EUR buys RATE USD)", into: &d)
        continue
      }
      if pairs.contains(where: { Set([$0.base, $0.quote]) == Set([base, quote]) }) {
        value.error(
          "pair '\(key)' is quoted twice; expected one list per pair",
          hint: "merge the two lists (a reversed pair is the same pair)", into: &d)
        continue
      }
      guard let items = value.sequence(what: "list of {from, rate, source}", into: &d) else { continue }
      var rates: [ExchangeRate] = []
      for item in items {
        guard let f = item.fields(allowed: Self.rateKeys, what: "exchange rate", into: &d),
          let from = f.required("from", what: "the first day the rate applies", into: &d)?.date(into: &d),
          let rateValue = f.required("rate", what: "units of \(quote.rawValue) per \(base.rawValue)", into: &d),
          let rate = rateValue.money(into: &d)
        else { continue }
        guard rate > .zero else {
          rateValue.error("rate of \(key) is 0; expected a rate above zero", into: &d)
          continue
        }
        if let last = rates.last, from <= last.from {
          item.error(
            "rate from \(from) is not after the previous one (\(last.from)); expected dates in increasing order",
            into: &d)
          continue
        }
        let source = f["source"]?.string(into: &d) ?? "unspecified"
        rates.append(ExchangeRate(from: from, nanoRate: rate.nanos, source: source))
      }
      if items.isEmpty { value.error("pair '\(key)' has no rates; expected at least one", into: &d) }
      pairs.append(FXTable.Pair(base: base, quote: quote, rates: rates))
    }
    return FXTable(name: name, pairs: pairs)
  }
}
