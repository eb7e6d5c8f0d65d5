/// The workbook's currencies: `fx:` (dated exchange rates, a piece under `scenarios/fx/`) and
/// `display_currency:`, checked against the plans' `currency:` keys.
extension WorkbookLoader {
  static let currencyKeys = ["fx", "display_currency"]

  /// The rates and display currency; every plan priced in another currency than the display
  /// one, and the USD AI costs when the display is not USD, must have a rate in effect on the
  /// period's first day (rates carry forward, so every later date has one too).
  func decodeMoney(_ top: MergedFields, plans: [Plan], start: CalendarDay, into d: inout Diagnostics)
    -> MoneySettings
  {
    var settings = MoneySettings()
    let fxValue = top["fx"]?.scalar(what: "the name of exchange rates like fx/ecb-2026", into: &d)
    if let fxValue, let name = fxValue.string(into: &d) {
      settings.fx = FXDecoder(library: library).load(name, at: fxValue, into: &d)
    }
    let displayValue = top["display_currency"]?.scalar(what: "a currency", into: &d)
    if let displayValue,
      let code = displayValue.choice(Currency.allCases.map(\.rawValue), what: "display currency", into: &d)
    {
      settings.display = Currency(rawValue: code) ?? .usd
    }
    if fxValue != nil && settings.fx == nil { return settings }
    let owner = fxValue ?? top.owner
    // The AI costs are USD: shown in another currency, they need a rate.
    check(.usd, settings, start: start, at: displayValue ?? owner, what: "AI costs (USD)", into: &d)
    for plan in plans where plan.currency != settings.display {
      let at = Self.planCurrencyValue(top, plan: plan.name) ?? owner
      check(
        plan.currency, settings, start: start, at: at, what: "plan '\(plan.name)' (\(plan.currency.rawValue))", into: &d
      )
    }
    return settings
  }

  private func check(
    _ currency: Currency, _ settings: MoneySettings, start: CalendarDay, at: YAMLValue, what: String,
    into d: inout Diagnostics
  ) {
    do throws(FXError) {
      _ = try settings.factor(from: currency, on: start)
    } catch {
      guard settings.fx != nil else {
        at.error(
          "\(what) shown in \(settings.display.rawValue) needs exchange rates; expected fx: NAME in the workbook",
          hint: "add fx: fx/ecb-2026 (pieces under scenarios/fx/)", into: &d)
        return
      }
      at.error("\(what): \(error.description)", hint: error.hint, into: &d)
    }
  }

  /// The `currency:` value of plan `name`, for locating its diagnostics.
  private static func planCurrencyValue(_ top: MergedFields, plan name: String) -> YAMLValue? {
    guard case .mapping(let plans, _)? = top["plans"],
      case .mapping(let keys, _)? = plans.last(where: { $0.key == name })?.value,
      let value = keys.last(where: { $0.key == "currency" })?.value
    else { return nil }
    return value.origin
  }
}
