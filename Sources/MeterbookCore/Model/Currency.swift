/// A currency a plan is priced in or a report is shown in.
///
/// AI costs are always US dollars (the providers' price lists); plans may be priced in euros
/// or pounds, and reports convert every amount to the display currency at the rate of its date
/// (`FXTable`). Amounts keep Meterbook's exact nano-unit integers (`Money` counts 10⁻⁹ of
/// whatever currency it is in).
public enum Currency: String, Sendable, Hashable, CaseIterable, Codable {
  case usd = "USD"
  case eur = "EUR"
  case gbp = "GBP"

  /// The sign printed before an amount: `$`, `€`, `£`.
  public var symbol: String {
    switch self {
    case .usd: "$"
    case .eur: "€"
    case .gbp: "£"
    }
  }

  /// The column-key unit of an amount in this currency (`revenue_eur`).
  public var unit: TableCell.Unit {
    switch self {
    case .usd: .usd
    case .eur: .eur
    case .gbp: .gbp
    }
  }
}
