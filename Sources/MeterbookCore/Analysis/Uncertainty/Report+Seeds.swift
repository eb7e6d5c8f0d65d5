extension Report {
  /// What of a report is banded over seeds: its key-figure lists and line charts.
  ///
  /// Each is in block order; prose, tables and other charts stay seed 1's.
  public struct SeedParts: Sendable, Hashable {
    public var keyFigures: [[KeyFigure]]
    public var lines: [LineChart]
  }

  /// The headline figure lists of the report, in block order (what `banded` replaces).
  public var keyFigureLists: [[KeyFigure]] {
    blocks.compactMap { if case .keyFigures(let f) = $0 { f } else { nil } }
  }

  /// The parts `banded` replaces.
  public var seedParts: SeedParts {
    SeedParts(keyFigures: keyFigureLists, lines: blocks.compactMap { if case .line(let l) = $0 { l } else { nil } })
  }

  /// This report (seed 1's) with each key-figure block replaced by its band over the seeds,
  /// and each line chart by its median with the band's two ends (`LineChart.banded`).
  ///
  /// `perSeed[k]` is seed k's `seedParts`. The prose and the other blocks stay seed 1's, and a
  /// note under the first banded block says so. One seed leaves the report unchanged.
  public func banded(_ perSeed: [SeedParts], _ uncertainty: Uncertainty) -> Report {
    guard perSeed.count > 1 else { return self }
    var out = self
    var (list, line) = (0, 0)
    out.blocks = []
    for block in blocks {
      switch block {
      case .keyFigures:
        let i = list
        list += 1
        let lists = perSeed.map { $0.keyFigures.indices.contains(i) ? $0.keyFigures[i] : [] }
        out.blocks.append(.keyFigures(KeyFigure.banded(lists, uncertainty)))
        if i == 0 {
          out.blocks.append(
            .note(
              "Key figures over \(perSeed.count) seeds: the median, and after it the \(uncertainty.label) band; line charts show the median with the band's two ends. The text, tables and other charts describe seed 1, the workbook's own seed."
            ))
        }
      case .line(let chart):
        let i = line
        line += 1
        let charts = perSeed.compactMap { $0.lines.indices.contains(i) ? $0.lines[i] : nil }
        out.blocks.append(.line(LineChart.banded(charts, uncertainty) ?? chart))
      default:
        out.blocks.append(block)
      }
    }
    return out
  }
}

extension LineChart {
  /// One chart over many seeds: the median of its leading series (the first two) at each x,
  /// and the `uncertainty` band of the leading path, where a point of the path is the second
  /// series' value where it has one, else the first's (a forecast: actual, then forecast).
  ///
  /// `nil` unless every seed drew the same x labels and series names (the same shape), so a
  /// band never mixes points that mean different things.
  public static func banded(_ perSeed: [LineChart], _ uncertainty: Uncertainty) -> LineChart? {
    guard let first = perSeed.first, perSeed.count > 1,
      perSeed.allSatisfy({ $0.labels == first.labels && $0.series.map(\.name) == first.series.map(\.name) })
    else { return nil }
    let leading = Array(first.series.indices.prefix(2))
    guard !leading.isEmpty else { return nil }
    let xs = first.labels.indices
    func band(_ value: (LineChart, Int) -> Double?) -> [Band<Double>?] {
      xs.map { x in Band(perSeed.compactMap { value($0, x) }, uncertainty) }
    }
    func at(_ chart: LineChart, _ s: Int, _ x: Int) -> Double? {
      chart.series[s].values.indices.contains(x) ? chart.series[s].values[x] : nil
    }
    var series = leading.map { s in
      Series(name: first.series[s].name, values: band { at($0, s, $1) }.map { $0?.median })
    }
    let path = band { chart, x in leading.reversed().lazy.compactMap { at(chart, $0, x) }.first }
    let ends = uncertainty.label.split(separator: "–").map(String.init)
    series.append(Series(name: ends.first ?? "low", values: path.map { $0?.low }))
    series.append(Series(name: ends.last ?? "high", values: path.map { $0?.high }))
    // A trailing parenthetical described seed 1's own series (a forecast's 95% band), which
    // the seeds' band replaces.
    var title = Substring(first.title)
    if title.hasSuffix(")"), let open = title.lastIndex(of: "(") {
      title = title[..<open]
      while title.last == " " { title = title.dropLast() }
    }
    return LineChart(
      title: "\(title): median and \(uncertainty.label) over \(perSeed.count) seeds", labels: first.labels,
      series: series, unit: first.unit, marks: first.marks)
  }
}
