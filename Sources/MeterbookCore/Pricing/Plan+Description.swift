extension Plan {
  /// The plan in words, the way a pricing page states it.
  ///
  /// Prices print in the plan's own currency (`€25.00 (starter)` for a euro plan): they are
  /// the plan's terms, not converted figures.
  public var summary: String {
    var parts: [String] = []
    let per = "a \(billing.unit.rawValue)"
    if !fees.isEmpty {
      let tiers = fees.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
      parts.append(
        tiers.map {
          "\(Format.money($0.value)) \($0.key == "*" ? "" : "(\($0.key)) ")".trimmingCharacters(in: .whitespaces)
        }.joined(separator: ", ") + " " + per)
    }
    parts += charges.map(\.summary)
    if let credits { parts.append("\(Format.money(credits)) of free credits \(per)") }
    if let cap { parts.append("usage capped at \(Format.money(cap)) \(per)") }
    if let minimum { parts.append("a \(Format.money(minimum)) minimum \(per)") }
    for (tier, plan) in perTier.sorted(by: { $0.key < $1.key }) { parts.append("\(tier) customers on '\(plan)'") }
    if billing != .monthly { parts.append(billing.summary) }
    let text = parts.isEmpty ? "free" : parts.joined(separator: "; ")
    return currency == .usd ? text : text.replacingOccurrences(of: "$", with: currency.symbol)
  }
}

extension Charge {
  /// The charge in words.
  public var summary: String {
    let unit =
      metric == "calls" || metric == Charge.seats
      ? String(metric.dropLast())
      : metric.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "tokens", with: "token")
    let free = included > 0 ? "first \(Format.integer(Int(included))) \(unit)s included, then " : ""
    let scope =
      filter.isEmpty
      ? "" : " (" + filter.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    let text: String
    switch model {
    case .perUnit(let price, let per):
      text =
        per == 1
        ? "\(Format.money(price)) per \(unit)" : "\(Format.money(price)) per \(Format.integer(Int(per))) \(unit)s"
    case .package(let price, let size):
      text = "\(Format.money(price)) per started block of \(Format.integer(Int(size))) \(unit)s"
    case .graduated(let tiers), .volume(let tiers):
      var lower: Int64 = 0
      let steps = tiers.map { t -> String in
        defer { lower = t.upTo ?? lower }
        let range =
          t.upTo.map { "\(Format.integer(Int(lower + 1)))–\(Format.integer(Int($0)))" }
          ?? "above \(Format.integer(Int(lower)))"
        return "\(range) at \(Format.money(t.unitPrice))" + (t.flat > .zero ? " + \(Format.money(t.flat))" : "")
      }
      let mode =
        if case .volume = model { "volume tiers (all units at the reached tier's rate)" } else { "graduated tiers" }
      text =
        "\(unit)s in \(mode)"
        + (tiersBy.map { " by the period's \($0.replacingOccurrences(of: "_", with: " "))" } ?? "")
        + (metric == Charge.seats ? " by the organization's active seats" : "") + ": " + steps.joined(separator: ", ")
    case .markup(let m):
      text = "AI cost plus \(Format.percent(m, places: 0))"
    case .matrix(let m):
      text = m.summary
    }
    return free + text + scope
  }
}

extension BillingCycle {
  /// The cycle in words: `billed every quarter from day 15`, `billed weekly from Thursday`.
  public var summary: String {
    if unit == .week {
      let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
      return "billed weekly from \(days[min(6, max(0, anchor - 1))])"
    }
    return "billed every \(unit.rawValue)" + (anchor == 1 ? "" : " from day \(anchor)")
  }
}
