extension PlanComparison.Sensitivity {
  /// Whether a bill of `new` against `old` is a rise past the threshold: by more than
  /// `threshold` of `old`, or any positive bill where `old` was zero.
  ///
  /// The one test both the plan comparison's expected churn and the projection's monthly
  /// churn draws use.
  public func rises(_ new: Money, over old: Money) -> Bool {
    let rise = new - old
    return old > .zero ? rise.nanos.double / old.nanos.double > threshold : rise > .zero
  }
}
