extension FixedWidthInteger {
  /// `value` rounded to the nearest integer and clamped to this type's range; NaN becomes 0.
  ///
  /// The one way a `Double` becomes an integer in Meterbook outside input parsing: ratios,
  /// chart positions and percentiles can be infinite (an hour expected to cost $0) or huge,
  /// and `Int(_:)` traps on those. Input values are range-checked where they are read instead.
  public init(saturating value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= Double(Self.max) {
      self = .max
    } else if value <= Double(Self.min) {
      self = .min
    } else {
      self.init(value.rounded())
    }
  }
}
