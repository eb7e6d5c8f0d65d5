/// One customer's bill under one plan: every line, and a total that is their exact sum.
public struct Bill: Sendable, Hashable {
  public var customer: Int
  public var plan: String
  public var lines: [Line]
  public var total: Money { Money.sum(lines.map(\.amount)) }

  public struct Line: Sendable, Hashable {
    public var label: String
    public var amount: Money
  }
}
