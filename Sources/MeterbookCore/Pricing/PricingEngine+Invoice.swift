extension PricingEngine {
  /// One customer's invoice for one billing period, from their units per charge.
  ///
  /// The one function every bill goes through, period by period: a projection that bills
  /// month by month calls it with the same `carry` threaded through and gets the same invoices
  /// as billing the run at once. Lines, in order: subscription fee; each usage charge; discounts;
  /// credits
  /// (reduce usage, not below zero); spend cap (limits usage after credits); minimum true-up
  /// (`max(0, minimum − total so far)`). Fee, credits, cap and minimum are prorated by
  /// `activeDays / period.days`, each rounded once to the nano-dollar, half away from zero.
  ///
  /// - Parameters:
  ///   - tier: the customer's subscription tier (selects the fee).
  ///   - archetype: the customer's archetype (selects coupons for a segment).
  ///   - units: the period's counters of each charge of `plan`, in charge order (`Charge.meterCount` each).
  ///   - period: the billing period.
  ///   - activeDays: days of the period billed (1...`period.days`).
  ///   - carry: state left by the customer's previous invoice under `plan`; updated.
  public func invoice(
    _ plan: Plan, tier: String, archetype: String = "", units: [Int64], period billing: BillingPeriod,
    activeDays: Int, carry: inout BillingCarry
  ) -> Invoice {
    let days = max(1, billing.days)
    let active = min(max(0, activeDays), days)
    func prorated(_ amount: Money) -> Money { active == days ? amount : amount.scaled(by: active, per: days) }
    var lines: [Bill.Line] = []
    let fee = prorated(plan.fee(forTier: tier))
    if fee != .zero {
      let label =
        "subscription" + (tier.isEmpty ? "" : " (\(tier))") + (active == days ? "" : ", \(active)/\(days) days")
      lines.append(.init(label: label, amount: fee, kind: .subscription))
    }
    var usage = Money.zero
    var seats = Money.zero
    var counter = 0
    for charge in plan.charges {
      let n = charge.meterCount
      let a = charge.amount(meters: units[min(counter, units.count)..<min(counter + n, units.count)])
      counter += n
      if charge.metric == Charge.seats {
        seats += a
        lines.append(.init(label: "seats", amount: a, kind: .seats))
      } else {
        usage += a
        lines.append(.init(label: "\(charge.metric) usage", amount: a, kind: .usage))
      }
    }
    var subtotal = fee + seats + usage
    for discount in plan.discounts
    where discount.applies(tier: tier, archetype: archetype, index: carry.periodsBilled) && discount.commit != nil {
      let (off, adjustments) = discount.committedUse(usage: usage, commit: prorated(discount.commit ?? .zero))
      lines += adjustments
      usage -= off
      subtotal -= off
    }
    for discount in plan.discounts
    where discount.applies(tier: tier, archetype: archetype, index: carry.periodsBilled) && discount.commit == nil
      && subtotal > .zero
    {
      let off =
        switch discount.off {
        case .percent(let p): subtotal.scaled(by: Int64((p * 1_000_000).rounded()), per: 1_000_000)
        case .amount(let m): min(prorated(m), subtotal)
        }
      lines.append(.init(label: discount.label, amount: -off, kind: .discount))
      subtotal -= off
      usage = min(usage, subtotal)
    }
    if let credits = plan.credits.map(prorated), usage > .zero {
      let used = min(credits, usage)
      lines.append(.init(label: "credits", amount: -used, kind: .credits))
      usage -= used
    }
    if let cap = plan.cap.map(prorated), usage > cap {
      lines.append(.init(label: "spend cap", amount: cap - usage, kind: .cap))
      usage = cap
    }
    if let minimum = plan.minimum.map(prorated) {
      let subtotal = Money.sum(lines.map(\.amount))
      if subtotal < minimum {
        lines.append(.init(label: "minimum commitment true-up", amount: minimum - subtotal, kind: .minimum))
      }
    }
    carry.periodsBilled += 1
    return Invoice(period: billing, activeDays: active, lines: lines)
  }
}
