extension Report {
  /// The headline figure lists of the report, in block order (what `banded` replaces).
  public var keyFigureLists: [[KeyFigure]] {
    blocks.compactMap { if case .keyFigures(let f) = $0 { f } else { nil } }
  }

  /// This report (seed 1's) with each key-figure block replaced by its band over the seeds.
  ///
  /// `perSeed[k]` is seed k's `keyFigureLists`. The prose and the other blocks stay seed 1's,
  /// and a note under the first banded block says so. One seed leaves the report unchanged.
  public func banded(_ perSeed: [[[KeyFigure]]], _ uncertainty: Uncertainty) -> Report {
    guard perSeed.count > 1 else { return self }
    var out = self
    var list = 0
    out.blocks = []
    for block in blocks {
      guard case .keyFigures = block else {
        out.blocks.append(block)
        continue
      }
      let i = list
      list += 1
      out.blocks.append(.keyFigures(KeyFigure.banded(perSeed.map { $0.indices.contains(i) ? $0[i] : [] }, uncertainty)))
      if i == 0 {
        out.blocks.append(
          .note(
            "Key figures over \(perSeed.count) seeds: the median, and after it the \(uncertainty.label) band. The text and the other tables describe seed 1, the workbook's own seed."
          ))
      }
    }
    return out
  }
}
