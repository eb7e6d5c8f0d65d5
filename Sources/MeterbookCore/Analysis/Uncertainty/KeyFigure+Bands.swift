extension KeyFigure {
  /// Each figure as its median over the seeds with the band around it: `perSeed[k]` is
  /// seed k's figures, all with the same labels in the same order (seed 1's list decides).
  ///
  /// One seed gives seed 1's figures unchanged, so a single run prints exactly as before.
  /// The median and the band's ends are formatted like the figure's own value (money,
  /// count, percent, plain number).
  public static func banded(_ perSeed: [[KeyFigure]], _ uncertainty: Uncertainty) -> [KeyFigure] {
    guard let first = perSeed.first else { return [] }
    guard perSeed.count > 1 else { return first }
    return first.enumerated().map { i, figure in
      let values = perSeed.compactMap { $0.indices.contains(i) && $0[i].label == figure.label ? $0[i].raw : nil }
      guard let band = Band(values, uncertainty) else { return figure }
      let style = Style(figure.value)
      return KeyFigure(
        label: figure.label, value: style.format(band.median), raw: band.median,
        spread: Spread(
          low: band.low, high: band.high, lowText: style.format(band.low), highText: style.format(band.high),
          interval: uncertainty.label, seeds: values.count))
    }
  }

  /// How a figure's value is written, read back from its text, so a band prints like it.
  enum Style {
    /// An amount in its currency.
    case money(Currency)
    case count
    case percent(places: Int)
    case number(places: Int, suffix: String)
    case text

    init(_ text: String) {
      guard let (_, unit) = FormattedNumber.parse(text) else {
        self = .text
        return
      }
      let places = text.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
      switch unit {
      case .usd: self = .money(.usd)
      case .eur: self = .money(.eur)
      case .gbp: self = .money(.gbp)
      case .count: self = .count
      case .pct: self = .percent(places: places)
      case .ms: self = .number(places: places, suffix: " ms")
      case .number: self = .number(places: places, suffix: "")
      }
    }

    /// `raw` written in this style (percentages are shares of one, as `raw` holds them).
    func format(_ raw: Double) -> String {
      switch self {
      case .money(let currency): Money(approximating: raw).map { Format.bandMoney($0, in: currency) } ?? "–"
      case .count: Format.integer(Int(saturating: raw.rounded()))
      case .percent(let places): Format.percent(raw, places: places)
      case .number(let places, let suffix): Format.fixed(raw, places: places) + suffix
      case .text: Format.fixed(raw, places: 2)
      }
    }
  }
}
