extension PricingEngine.Meter {
  init(field: Field, models: [Bool]?, tasks: [Bool]?, features: [Bool]?) {
    self.field = field
    self.models = models
    self.tasks = tasks
    self.features = features
  }

  /// The meters of a charge's counters, in the order `Charge.amount(meters:)` reads them.
  ///
  /// A matrix gets four meters per rate (uncached input, cached input, output, list cost),
  /// each counting only the models whose first matching row is that rate, within the
  /// charge's `where`; `tiers_by` adds a meter of the other metric under the same filter; a
  /// seat charge counts billable calls twice (the second becomes the organization's seats,
  /// `PlanUsage.countSeats`).
  static func counters(_ charge: Charge, dimensions d: Run.Dimensions) -> [Self] {
    let own = Self(charge, dimensions: d)
    if case .matrix(let matrix) = charge.model {
      let rateOf = matrix.rateIndex(models: d.models)
      return matrix.rates.indices.flatMap { r in
        let models = d.models.indices.map { i in rateOf[i] == r && (own.models?[i] ?? true) }
        return [Field.fresh, .cached, .output, .cost].map {
          Self(field: $0, models: models, tasks: own.tasks, features: own.features)
        }
      }
    }
    if let by = charge.tiersBy {
      var tiering = charge
      tiering.metric = by
      return [own, Self(tiering, dimensions: d)]
    }
    return charge.metric == Charge.seats ? [own, own] : [own]
  }
}
