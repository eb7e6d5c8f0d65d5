/// How a renderer colors text.
///
/// The core renders plain text; the executable passes a palette
/// that adds terminal colors (only on a terminal, never with `NO_COLOR`).
public struct Palette: Sendable {
  public var bold: @Sendable (String) -> String
  public var dim: @Sendable (String) -> String
  public var negative: @Sendable (String) -> String
  /// Color of series `n` (bars, segments, lines).
  public var series: @Sendable (Int, String) -> String

  public init(
    bold: @escaping @Sendable (String) -> String, dim: @escaping @Sendable (String) -> String,
    negative: @escaping @Sendable (String) -> String, series: @escaping @Sendable (Int, String) -> String
  ) {
    self.bold = bold
    self.dim = dim
    self.negative = negative
    self.series = series
  }

  /// No colors at all.
  public static let plain = Palette(bold: { $0 }, dim: { $0 }, negative: { $0 }, series: { $1 })
}
