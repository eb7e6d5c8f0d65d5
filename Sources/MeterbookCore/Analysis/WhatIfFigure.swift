/// One figure of `WhatIfFigures`, as named in a `show` list: `calls`, `active customers`,
/// `AI cost`, `error rate`, `revenue.PLAN`, `margin.PLAN`; `revenue` and `margin` alone
/// mean every plan's.
///
/// Names match ignoring case, and spaces, `_` and `-` are interchangeable (`ai_cost` is
/// `AI cost`), so a name can be typed, and completed, without quotes.
public enum WhatIfFigure: Sendable, Hashable, CustomStringConvertible {
  case calls, activeCustomers, cost, errorRate
  case revenue(plan: String)
  case margin(plan: String)

  public var description: String {
    switch self {
    case .calls: "calls"
    case .activeCustomers: "active customers"
    case .cost: "AI cost"
    case .errorRate: "error rate"
    case .revenue(let p): "revenue.\(p)"
    case .margin(let p): "margin.\(p)"
    }
  }

  /// What charts group by: every plan's revenue is one family, every plan's margin another.
  var family: String {
    switch self {
    case .revenue: "revenue"
    case .margin: "margin"
    default: description
    }
  }

  /// Every figure of a workbook with these plans, in display order.
  public static func all(plans: [String]) -> [WhatIfFigure] {
    [.calls, .activeCustomers, .cost] + plans.map { .revenue(plan: $0) } + plans.map { .margin(plan: $0) } + [
      .errorRate
    ]
  }

  /// What a sweep shows without `show`: each plan's revenue, the AI cost and each plan's
  /// margin — the money a pricing decision turns on; usage figures when there is no plan.
  public static func sweepDefaults(plans: [String]) -> [WhatIfFigure] {
    plans.isEmpty
      ? [.calls, .activeCustomers, .cost, .errorRate]
      : plans.map { .revenue(plan: $0) } + [.cost] + plans.map { .margin(plan: $0) }
  }

  /// The names completion offers: every figure without spaces, plus `revenue` and `margin`.
  public static func typedNames(plans: [String]) -> [String] {
    all(plans: plans).map { $0.description.replacingOccurrences(of: " ", with: "_") }
      + (plans.isEmpty ? [] : ["revenue", "margin"])
  }

  /// The figures `names` pick, in the order given, each once.
  /// - Throws: `WhatIfError` naming the valid figures (and the nearest one) for a name that
  ///   is none of them.
  public static func parse(_ names: [String], plans: [String]) throws(WhatIfError) -> [WhatIfFigure] {
    let every = all(plans: plans)
    var out: [WhatIfFigure] = []
    for name in names {
      let key = normalized(name)
      let picked: [WhatIfFigure]
      if key == "revenue" && !plans.isEmpty {
        picked = plans.map { .revenue(plan: $0) }
      } else if key == "margin" && !plans.isEmpty {
        picked = plans.map { .margin(plan: $0) }
      } else if let f = every.first(where: { normalized($0.description) == key }) {
        picked = [f]
      } else {
        throw WhatIfError.unknown(
          "figure", name, in: every.map(\.description) + (plans.isEmpty ? [] : ["revenue", "margin"]))
      }
      for f in picked where !out.contains(f) { out.append(f) }
    }
    return out
  }

  private static func normalized(_ s: String) -> String {
    String(s.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
  }

  /// The figure as money, for money figures (exact deltas), else `nil`.
  public func money(_ f: WhatIfFigures) -> Money? {
    switch self {
    case .cost: f.cost
    case .revenue(let p): f.plan(p)?.revenue ?? .zero
    case .margin(let p): f.plan(p)?.margin ?? .zero
    case .calls, .activeCustomers, .errorRate: nil
    }
  }

  /// The figure as a number: dollars, a count, or a share (0…1).
  public func raw(_ f: WhatIfFigures) -> Double {
    switch self {
    case .calls: Double(f.calls)
    case .activeCustomers: Double(f.activeCustomers)
    case .errorRate: f.errorRate
    default: money(f)?.dollars ?? 0
    }
  }

  public var unit: ValueUnit { unit(in: .usd) }

  /// The figure's chart unit when its amounts are in `currency`.
  public func unit(in currency: Currency) -> ValueUnit {
    switch self {
    case .calls, .activeCustomers: .count
    case .errorRate: .percent
    case .cost, .revenue, .margin: .money(in: currency)
    }
  }

  /// Whether more is better (revenue, margin, usage) or worse (AI cost, errors): which cell
  /// of a grid is the best one.
  public var higherIsBetter: Bool {
    switch self {
    case .cost, .errorRate: false
    default: true
    }
  }

  /// The figure formatted for a table: exact money, grouped integers, a percentage.
  public func format(_ f: WhatIfFigures) -> String {
    if let m = money(f) { return Format.money(m, in: f.currency) }
    return unit.format(raw(f))
  }

  /// The change from `a` to `b`, signed: `+$12.00`, `-40`, `+0.3 pp`.
  public func change(from a: WhatIfFigures, to b: WhatIfFigures) -> String {
    if let x = money(a), let y = money(b) {
      let d = y - x
      return (d > .zero ? "+" : "") + Format.money(d, in: b.currency)
    }
    let d = raw(b) - raw(a)
    let sign = d > 0 ? "+" : ""
    if self == .errorRate { return sign + Format.fixed(d * 100, places: 1) + " pp" }
    return sign + Format.integer(Int(d.rounded()))
  }

  /// The relative change from `a` to `b` (`+12.5%`), or `–` when `a` is zero.
  public func percentChange(from a: WhatIfFigures, to b: WhatIfFigures) -> String {
    let (x, y): (Double, Double)
    if let mx = money(a), let my = money(b) {
      guard mx != .zero else { return "–" }
      x = Double(mx.nanos)
      y = Double(my.nanos)
    } else {
      (x, y) = (raw(a), raw(b))
      guard x != 0 else { return "–" }
    }
    let share = (y - x) / abs(x)
    return (share > 0 ? "+" : "") + Format.percent(share)
  }
}
