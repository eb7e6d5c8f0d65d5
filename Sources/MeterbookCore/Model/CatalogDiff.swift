/// What changed between two price lists: two catalogs, or one catalog on two days.
///
/// Each side is a catalog's prices in force on a day (or its newest prices); every rate
/// that differs is listed with its percent change, and models only one side has are listed
/// as added or removed, so a price-map import or a provider's announcement can be read
/// before it is trusted.
public struct CatalogDiff: Sendable, Hashable {
  /// One rate of one model that differs.
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    public var model: String
    /// The rate's name as the catalog writes it (`input`, `batch.output`, `long_context.input`).
    public var field: String
    public var old: Money?
    public var new: Money?

    /// The change in tenths of a percent, rounded half away from zero; `nil` when a side has
    /// no such rate or the old rate is zero.
    public var tenthsOfPercent: Int128? {
      guard let old, let new, old.nanos != 0 else { return nil }
      let scaled = (new.nanos - old.nanos) * 1_000
      let (q, r) = scaled.quotientAndRemainder(dividingBy: old.nanos)
      return q + (r.magnitude * 2 >= old.nanos.magnitude ? (scaled < 0 ? -1 : 1) : 0)
    }

    public var description: String {
      let percent: String
      switch (old, new, tenthsOfPercent) {
      case (nil, _, _): percent = "new rate"
      case (_, nil, _): percent = "rate dropped"
      case (_, _, let t?):
        percent = (t < 0 ? "−" : "+") + "\(t.magnitude / 10).\(t.magnitude % 10)%"
      default: percent = "from zero"
      }
      return "\(model): \(field) \(old.map(Format.money) ?? "none") → \(new.map(Format.money) ?? "none") (\(percent))"
    }
  }

  public var oldLabel: String
  public var newLabel: String
  public var changes: [Change]
  /// Models only the new side lists, in its order.
  public var added: [String]
  /// Models only the old side lists, in its order.
  public var removed: [String]

  /// `old`'s prices in force on `oldDay` against `new`'s on `newDay` (`nil`: each model's
  /// newest price).
  public init(old: ModelCatalog, on oldDay: CalendarDay?, new: ModelCatalog, on newDay: CalendarDay?) {
    func label(_ c: ModelCatalog, _ day: CalendarDay?) -> String {
      "\(c.name) " + (day.map { "at prices in force on \($0)" } ?? "at its newest prices (price date \(c.priceDate))")
    }
    func price(_ m: ModelSpec, _ day: CalendarDay?) -> ModelPrice { day.map { m.prices.price(on: $0) } ?? m.price }
    oldLabel = label(old, oldDay)
    newLabel = label(new, newDay)
    added = new.models.filter { old.model($0.id) == nil }.map(\.id)
    removed = old.models.filter { new.model($0.id) == nil }.map(\.id)
    changes = new.models.flatMap { m -> [Change] in
      guard let before = old.model(m.id) else { return [] }
      return zip(price(before, oldDay).namedRates, price(m, newDay).namedRates).compactMap { a, b in
        a.rate == b.rate ? nil : Change(model: m.id, field: a.name, old: a.rate, new: b.rate)
      }
    }
  }

  /// The diff as text lines: a heading, one line per change, then added and removed models.
  public var lines: [String] {
    let models = Set(changes.map(\.model)).count
    var out = [
      "\(oldLabel) → \(newLabel): \(changes.count) price change\(changes.count == 1 ? "" : "s") in \(models) model\(models == 1 ? "" : "s"), \(added.count) added, \(removed.count) removed"
    ]
    out += changes.map { "  \($0)" }
    if !added.isEmpty { out.append("added: " + added.joined(separator: ", ")) }
    if !removed.isEmpty { out.append("removed: " + removed.joined(separator: ", ")) }
    return out
  }
}
