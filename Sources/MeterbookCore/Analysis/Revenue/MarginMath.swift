/// Markup and margin, the two ways to state a price over cost, kept apart.
///
/// A markup is profit over **cost**; a margin is profit over **price**. Pricing at cost + 20%
/// is a 20% markup and a 16.7% gross margin (0.2 / 1.2), and confusing the two overstates
/// what a cost-plus price earns. Every report that prints one names both.
public enum MarginMath {
  /// The gross margin (profit / price) of a price set at cost × (1 + `markup`).
  ///
  /// - Returns: `markup / (1 + markup)`; `nil` for a markup of −100% or below (no price).
  public static func margin(markup: Double) -> Double? {
    guard markup.isFinite, markup > -1 else { return nil }
    return markup / (1 + markup)
  }

  /// The markup (profit / cost) that yields a gross margin of `margin`.
  ///
  /// - Returns: `margin / (1 − margin)`; `nil` for a margin of 100% or more (no cost).
  public static func markup(margin: Double) -> Double? {
    guard margin.isFinite, margin < 1 else { return nil }
    return margin / (1 - margin)
  }

  /// "a 20% markup, which is a 16.7% gross margin": the phrase reports use for a cost-plus price.
  public static func describe(markup: Double) -> String {
    let m = margin(markup: markup).map { ", which is a \(Format.percent($0)) gross margin" } ?? ""
    return "a \(Format.percent(markup, places: markup * 100 == (markup * 100).rounded() ? 0 : 1)) markup" + m
  }
}
