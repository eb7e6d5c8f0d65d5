extension Scenario {
  /// Whether the scenario's calls depend on its seed.
  ///
  /// Every simulated scenario's do; a data scenario's only when it adds calls (growth or new
  /// customers), since imported calls are the same under every seed. A scenario without
  /// randomness runs once under `seeds N`.
  public var isRandom: Bool {
    guard let data else { return true }
    return data.newCustomers > 0 || traffic.contains { if case .growth(let m) = $0 { m > 0 } else { false } }
  }
}
