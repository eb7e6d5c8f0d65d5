extension Calibration {
  /// The calibrated population as the simulator takes it, with `customers` customers: the
  /// archetypes, tiers, regions, features and products fitted on the data.
  public func population(customers: Int) -> PopulationSpec {
    PopulationSpec(
      customers: customers,
      archetypes: archetypes.map { .init(name: $0.name, share: $0.share, callsPerDay: $0.low...max($0.low, $0.high)) },
      tiers: tiers.map { .init(name: $0.name, fee: $0.fee, share: $0.share) },
      regions: regions.map { .init(name: $0.name, utcOffset: $0.offset, share: $0.share) },
      features: calibratedFeatures, products: products, organizations: organizations)
  }

  /// The features with calls, each with its popularity and task mix.
  public var calibratedFeatures: [PopulationSpec.Feature] {
    features.map { f in
      .init(
        name: f.name, popularity: f.popularity,
        tasks: Dictionary(f.tasks.compactMap { t in TaskType(rawValue: t.0).map { ($0, t.1) } }, uniquingKeysWith: +))
    }
  }

  /// The model mix per task type and the provider shares observed.
  public var mix: ProviderMix {
    ProviderMix(
      providerShares: Dictionary(providers, uniquingKeysWith: +),
      byTask: Dictionary(byTask.map { ($0.0, Dictionary($0.1, uniquingKeysWith: +)) }, uniquingKeysWith: { a, _ in a }))
  }

  /// Token distributions per task type (`TaskType.index`): the fitted ones, the defaults for
  /// task types the data lacks.
  public var tokenProfiles: [TokenProfile] {
    var profiles = TokenProfile.defaults
    for t in tokens {
      guard let task = TaskType(rawValue: t.task) else { continue }
      profiles[task.index] = TokenProfile(
        inputMedian: t.inputMedian, inputSigma: t.inputSigma, outputMedian: t.outputMedian,
        outputSigma: t.outputSigma, cachedShare: t.cached)
    }
    return profiles
  }

  /// The day and hour shape observed: day-to-day jitter, the weekend factor, and business
  /// hours when most calls fall in them.
  public var traffic: [TrafficPattern] {
    [.base(jitter: jitter), .weekend(factor: weekendFactor, holidays: [], holidayFactor: 0.2)]
      + (businessHours ? [.businessHours(BusinessHours())] : [])
  }
}
