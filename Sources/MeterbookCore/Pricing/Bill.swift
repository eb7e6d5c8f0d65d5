/// One customer's bill under one plan: every line, and a total that is their exact sum.
public struct Bill: Sendable, Hashable {
  public var customer: Int
  public var plan: String
  public var lines: [Line]
  /// The exact sum of the lines, without building an array of them (totals are read once per
  /// customer per plan per seed).
  public var total: Money { lines.reduce(Money.zero) { $0 + $1.amount } }

  public struct Line: Sendable, Hashable {
    public var label: String
    public var amount: Money
  }
}
