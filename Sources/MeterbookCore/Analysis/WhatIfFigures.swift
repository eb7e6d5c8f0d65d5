/// The figures the what-if loop (sweeps, grids, `compare scenarios`) tracks for one run: its
/// usage — calls, active customers, AI cost, error rate — and, for every plan of the
/// workbook, the revenue the plan bills on those calls and the margin left after AI cost.
///
/// Money stays exact (`Money`), so a delta between two points is the difference of two
/// exact sums, never of two rounded displays.
public struct WhatIfFigures: Sendable, Hashable {
  /// One plan billed on the run.
  public struct PlanResult: Sendable, Hashable {
    public var plan: String
    public var revenue: Money
    /// Revenue minus the run's whole AI cost.
    public var margin: Money
    /// Customers whose bill is below their AI cost.
    public var negativeCustomers: Int
    /// Expected revenue and margin once customers whose bill rises past the sensitivity
    /// threshold (against the first plan billed) churn; see `PlanComparison.expectedChurn`.
    public var revenueAfterChurn: Money
    public var marginAfterChurn: Money
    public init(
      plan: String, revenue: Money, margin: Money, negativeCustomers: Int = 0, revenueAfterChurn: Money? = nil,
      marginAfterChurn: Money? = nil
    ) {
      self.plan = plan
      self.revenue = revenue
      self.margin = margin
      self.negativeCustomers = negativeCustomers
      self.revenueAfterChurn = revenueAfterChurn ?? revenue
      self.marginAfterChurn = marginAfterChurn ?? margin
    }
  }

  public var calls: Int
  public var activeCustomers: Int
  public var cost: Money
  /// Calls that failed or timed out (any status but ok), as `RunSummary` counts them.
  public var errors: Int
  /// In the workbook's plan order.
  public var plans: [PlanResult]
  /// The exchange-rate quotes the amounts were converted with (none in one currency).
  public var rates: [FXTable.Used] = []
  /// The currency every amount is in: the display currency they were converted to.
  public var currency: Currency = .usd

  public init(calls: Int, activeCustomers: Int, cost: Money, errors: Int, plans: [PlanResult]) {
    self.calls = calls
    self.activeCustomers = activeCustomers
    self.cost = cost
    self.errors = errors
    self.plans = plans
  }

  public var errorRate: Double { Double(errors) / Double(max(1, calls)) }

  public func plan(_ name: String) -> PlanResult? { plans.first { $0.plan == name } }

  /// Plan names ranked by margin, best first.
  ///
  /// Equal margins rank by name, so a ranking never
  /// depends on the order plans happen to be listed in.
  public var rankedByMargin: [String] {
    plans.sorted { ($1.margin, $0.plan) < ($0.margin, $1.plan) }.map(\.plan)
  }
}
