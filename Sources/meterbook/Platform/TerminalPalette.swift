import MeterbookCore
import Rainbow

extension Palette {
  /// Terminal colors through Rainbow, or plain text when colors are off (not a terminal,
  /// `NO_COLOR` set, `TERM=dumb`).
  static var terminal: Palette {
    guard Terminal.colorEnabled else { return .plain }
    let colors: [@Sendable (String) -> String] = [
      { $0.cyan }, { $0.yellow }, { $0.magenta }, { $0.green }, { $0.blue }, { $0.lightRed },
    ]
    return Palette(
      bold: { $0.bold }, dim: { $0.dim }, negative: { $0.red },
      series: { n, s in colors[n % colors.count](s) })
  }
}
