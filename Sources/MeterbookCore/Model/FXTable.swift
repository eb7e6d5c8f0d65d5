/// Exchange rates with effective dates, per currency pair (`scenarios/fx/*.yaml`).
///
/// A rate applies from its date until the pair's next quote; an amount is converted at the
/// rate in effect on its own date (a bill on its period's last day, an AI cost on its call's
/// day), never at one rate for all of history. A pair quoted `EUR/USD` also converts USD to
/// EUR (dividing by the rate), and two currencies without a pair of their own go through USD
/// as one exact fraction, so every conversion still rounds once.
///
/// ```swift
/// let fx = FXTable(name: "fx/ecb-2026", pairs: [.init(base: .eur, quote: .usd, rates: [jan, feb])])
/// try fx.convert(Money(dollars: 100), from: .eur, to: .usd, on: CalendarDay(year: 2026, month: 2, day: 28))
/// ```
public struct FXTable: Sendable, Hashable {
  /// The quotes of one pair, oldest first.
  public struct Pair: Sendable, Hashable {
    public var base: Currency
    public var quote: Currency
    public var rates: [ExchangeRate]
    public init(base: Currency, quote: Currency, rates: [ExchangeRate]) {
      self.base = base
      self.quote = quote
      self.rates = rates.sorted { $0.from < $1.from }
    }

    /// `BASE/QUOTE`.
    public var name: String { "\(base.rawValue)/\(quote.rawValue)" }

    /// The quote in effect on `day`: the latest one from that day or before.
    public func rate(on day: CalendarDay) -> ExchangeRate? { rates.last { $0.from <= day } }
  }

  /// The piece's name (`fx/ecb-2026`), for reports and errors.
  public var name: String
  public var pairs: [Pair]

  public init(name: String, pairs: [Pair]) {
    self.name = name
    self.pairs = pairs
  }

  /// An exact conversion factor: multiply by `numerator`, divide by `denominator`.
  public struct Factor: Sendable, Hashable {
    public var numerator: Int128
    public var denominator: Int128
    /// The quotes it was made of (none for a currency into itself).
    public var quotes: [Used]

    /// `amount × numerator / denominator`, rounded once to the nano-unit, half away from zero.
    public func apply(_ amount: Money) -> Money { amount.scaled(by: numerator, per: denominator) }
  }

  /// A quote a conversion used: the pair and the dated rate.
  public struct Used: Sendable, Hashable {
    public var pair: String
    public var rate: ExchangeRate
  }

  /// The pair quoting `a` against `b` in either direction.
  private func pair(_ a: Currency, _ b: Currency) -> (Pair, inverted: Bool)? {
    if let p = pairs.first(where: { $0.base == a && $0.quote == b }) { return (p, false) }
    if let p = pairs.first(where: { $0.base == b && $0.quote == a }) { return (p, true) }
    return nil
  }

  /// The factor that turns an amount in `from` into `to` on `day`.
  ///
  /// - Throws: `FXError.missingRate` when no pair links the two (directly or through USD), or
  ///   the pair's first quote is after `day`.
  public func factor(from: Currency, to: Currency, on day: CalendarDay) throws(FXError) -> Factor {
    let one = Money.nanosPerDollar
    guard from != to else { return Factor(numerator: 1, denominator: 1, quotes: []) }
    if let (p, inverted) = pair(from, to) {
      guard let r = p.rate(on: day), r.nanoRate > 0 else { throw missing(from, to, day, pair: p) }
      let used = [Used(pair: p.name, rate: r)]
      return inverted
        ? Factor(numerator: one, denominator: r.nanoRate, quotes: used)
        : Factor(numerator: r.nanoRate, denominator: one, quotes: used)
    }
    guard from != .usd, to != .usd else { throw missing(from, to, day, pair: nil) }
    // Through USD: (from → USD) × (USD → to) as one fraction, one rounding.
    let a = try factor(from: from, to: .usd, on: day)
    let b = try factor(from: .usd, to: to, on: day)
    return Factor(
      numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator, quotes: a.quotes + b.quotes)
  }

  /// `amount` in `from` converted to `to` at the rate in effect on `day`.
  public func convert(_ amount: Money, from: Currency, to: Currency, on day: CalendarDay) throws(FXError) -> Money {
    try factor(from: from, to: to, on: day).apply(amount)
  }

  private func missing(_ from: Currency, _ to: Currency, _ day: CalendarDay, pair: Pair?) -> FXError {
    .missingRate(
      from: from, to: to, on: day, table: name, firstQuote: pair?.rates.first?.from, pair: pair?.name)
  }
}

/// A conversion the exchange rates cannot make.
public enum FXError: Error, Sendable, Hashable, CustomStringConvertible {
  /// No rate converts `from` into `to` on `on`: no pair links them (`pair` is `nil`), or the
  /// pair's first quote (`firstQuote`) is later than the date.
  case missingRate(
    from: Currency, to: Currency, on: CalendarDay, table: String, firstQuote: CalendarDay?, pair: String?)

  public var description: String {
    switch self {
    case .missingRate(let from, let to, let day, let table, let first, let pair):
      let what =
        if let pair, let first {
          "'\(table)' quotes \(pair) only from \(first)"
        } else {
          "'\(table)' has no \(from.rawValue)/\(to.rawValue) pair (nor a pair of each with USD)"
        }
      return "no exchange rate from \(from.rawValue) to \(to.rawValue) on \(day): \(what)"
    }
  }

  /// How to fix it.
  public var hint: String {
    switch self {
    case .missingRate(let from, let to, let day, let table, _, let pair):
      "add {from: \(day), rate: …, source: …} under \(pair ?? "\(from.rawValue)/\(to.rawValue)") in scenarios/\(table).yaml"
    }
  }
}
