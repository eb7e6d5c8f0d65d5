/// The fallback for series too short to fit a season or check a model: the mean of the last week.
///
/// A flat line at the average of the last (up to) seven days, with a band from those days' spread,
/// which includes the weekday swing, so the band is wide where the data cannot say more.
struct RecentMean: Sendable, Equatable {
  /// The mean of the days used.
  var mean: Double
  /// Their sample standard deviation (the mean itself when there is a single day).
  var spread: Double
  /// Days used (at most 7).
  var days: Int

  /// The recent mean of `values`; zero with no days.
  init(_ values: [Double]) {
    let recent = Array(values.suffix(7))
    days = recent.count
    mean = recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
    if recent.count > 1 {
      let m = mean
      spread = (recent.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(recent.count - 1)).squareRoot()
    } else {
      spread = abs(mean)
    }
  }

  /// The standard error of a new day: the spread, plus the uncertainty of the mean.
  var standardError: Double { days > 0 ? spread * (1 + 1 / Double(days)).squareRoot() : 0 }
}
