extension LineChart {
  /// The chart with at most `points` x positions, for a renderer that cannot show more (a
  /// mermaid `xychart` with 744 hourly categories is unreadable), and what the new points are.
  ///
  /// Hours (`2026-01-14 09:00`) become days, each the peak hour of its day, so a spike stays
  /// visible and the unit stays "per hour"; other labels are grouped `k` at a time, each
  /// group the mean of its points under its first label. A chart that fits is returned as is,
  /// with no note.
  public func thinned(to points: Int) -> (chart: LineChart, note: String?) {
    guard labels.count > points, points > 0 else { return (self, nil) }
    let hourly = labels.allSatisfy { $0.count == 16 && $0.hasSuffix(":00") && $0.dropFirst(10).first == " " }
    var groups: [(label: String, range: Range<Int>)] = []
    if hourly {
      for (i, label) in labels.enumerated() {
        let day = String(label.prefix(10))
        if let last = groups.last, last.label == day {
          groups[groups.count - 1].range = last.range.lowerBound..<(i + 1)
        } else {
          groups.append((day, i..<(i + 1)))
        }
      }
    }
    let k = (labels.count + points - 1) / points
    if !hourly || groups.count > points {
      groups = stride(from: 0, to: labels.count, by: k).map { (labels[$0], $0..<min(labels.count, $0 + k)) }
    }
    let peak = hourly && groups.count <= points && groups.first?.label.count == 10
    let series = series.map { s in
      Series(
        name: s.name,
        values: groups.map { g in
          let values = g.range.compactMap { s.values.indices.contains($0) ? s.values[$0] : nil }
          guard !values.isEmpty else { return nil }
          return peak ? values.max() : values.reduce(0, +) / Double(values.count)
        })
    }
    let note = peak ? "peak hour of each day" : "mean of every \(k) points"
    return (LineChart(title: title, labels: groups.map(\.label), series: series, unit: unit), note)
  }
}
