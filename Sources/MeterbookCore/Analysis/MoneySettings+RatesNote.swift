extension MoneySettings {
  /// The line under a converted report: the display currency and each distinct quote used,
  /// by pair then date; `nil` when nothing was converted.
  ///
  /// Reports gather quotes from several plans, seeds or points, so the same quote arrives
  /// many times; it is named once.
  func ratesNote(_ quotes: [FXTable.Used]) -> String? {
    var used: [FXTable.Used] = []
    for q in quotes where !used.contains(q) { used.append(q) }
    guard !used.isEmpty else { return nil }
    return PricingProposal.ratesNote(used.sorted { ($0.pair, $0.rate.from) < ($1.pair, $1.rate.from) }, money: self)
  }
}
