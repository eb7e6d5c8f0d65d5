extension Console {
  /// `seeds`: prints the seeds and interval in effect; `seeds N [interval P]` sets them, as
  /// the overrides `seeds` and `interval` (so `undo`, `save` and exports' manifests see them).
  func seedsCommand(_ args: [String], _ session: WorkbookSession, isCancelled: @escaping @Sendable () -> Bool) throws
    -> Result
  {
    let u = session.workbook.uncertainty
    guard let n = args.first else {
      return Result(
        output: u.isSingle
          ? "seeds 1: every figure is one run's (seeds N runs N seeds and shows bands)"
          : "seeds \(u.seeds), interval \(Format.fixed(u.interval, places: 2)) (\(u.label) bands)")
    }
    let usage = Result.error(
      "usage: \(ConsoleCommand.seeds.usage); N from 1 to \(Uncertainty.maxSeeds), P from \(Uncertainty.intervals.lowerBound) to \(Uncertainty.intervals.upperBound) (written 0.8, 80 or 80%)"
    )
    guard let count = Int(n), (1...Uncertainty.maxSeeds).contains(count) else { return usage }
    var edits = [Override(path: ["seeds"], value: String(count))]
    if args.count > 1 {
      guard args.count == 3, args[1].lowercased() == "interval", let share = Self.share(args[2]) else { return usage }
      edits.append(Override(path: ["interval"], value: Format.fixed(share, places: 3)))
    }
    return try change(to: merging(edits, into: session.workbook.overrides), isCancelled: isCancelled)
  }

  /// `0.8`, `80` or `80%` as the share 0.8, within `Uncertainty.intervals`.
  static func share(_ text: String) -> Double? {
    let percent = text.hasSuffix("%")
    guard let v = Double(percent ? String(text.dropLast()) : text), v.isFinite else { return nil }
    let share = percent || v > 1 ? v / 100 : v
    return Uncertainty.intervals.contains(share) ? share : nil
  }
}
