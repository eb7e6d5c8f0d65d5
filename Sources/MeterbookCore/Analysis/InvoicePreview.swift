/// One customer's invoices under one plan as a report: what a billing engine's invoice
/// preview shows (Stripe's upcoming invoice, Lago's and Orb's invoice preview).
///
/// Each invoice gives its period's dates, the days billed, every line with its amount, the
/// subtotal (subscription, usage and fees), the total and, for a plan with a commitment or a
/// wallet, the commitment and credit left after it; a run of several periods previews
/// them all unless one is asked for.
public struct InvoicePreview: Sendable {
  public let customer: String
  public let bill: Bill

  public init(customer: String, bill: Bill) {
    self.customer = customer
    self.bill = bill
  }

  /// The invoices whose period matches `period` (`nil`: all of them).
  ///
  /// A period is named by its label (`2026-03`, `2026-01-15..2026-02-14`), by a month
  /// (`2026-03`: the period holding March 1) or by a day (`2026-03-15`: the period holding it).
  ///
  /// - Throws: `InvoiceError.unknownPeriod` naming the periods there are, with the nearest.
  public func invoices(period: String?) throws(InvoiceError) -> [Invoice] {
    guard let period else { return bill.invoices }
    let day = CalendarDay(iso: period) ?? CalendarDay(iso: period + "-01")
    let found = bill.invoices.filter { $0.period.label == period || day.map($0.period.contains) == true }
    guard let first = found.first else {
      let labels = bill.invoices.map(\.period.label)
      throw .unknownPeriod(period, nearest: Suggestion.nearest(to: period, in: labels), periods: labels)
    }
    return [first]
  }

  /// The preview as a report: key figures and a table of lines per invoice.
  public func report(period: String? = nil) throws(InvoiceError) -> Report {
    let shown = try invoices(period: period)
    var blocks: [ReportBlock] = []
    for invoice in shown {
      let p = invoice.period
      let balances = [("commitment left", invoice.commitmentLeft), ("wallet balance", invoice.walletBalance)]
        .compactMap { label, left in left.map { KeyFigure(label: label, value: Format.money($0), raw: $0.dollars) } }
      blocks.append(
        .keyFigures(
          [
            KeyFigure(label: "period", value: "\(p.start) to \(p.lastDay)", raw: Double(p.days)),
            KeyFigure(
              label: "days billed", value: "\(invoice.activeDays) of \(p.days)", raw: Double(invoice.activeDays)),
            KeyFigure(label: "subtotal", value: Format.money(invoice.subtotal), raw: invoice.subtotal.dollars),
            KeyFigure(label: "total", value: Format.money(invoice.total), raw: invoice.total.dollars),
          ] + balances))
      let rows = invoice.lines.map { [TableCell($0.label), TableCell($0.kind.rawValue), TableCell.money($0.amount)] }
      blocks.append(
        .table(
          Table(
            title: "Invoice \(p.label)", columns: ["line", "kind", "amount"], numeric: [false, false, true],
            cells: rows + [[TableCell("total"), TableCell(""), TableCell.money(invoice.total)]])))
    }
    let total = Money.sum(shown.map(\.total))
    let what =
      shown.count == 1
      ? "period \(shown[0].period.label)" : "\(shown.count) billing periods"
    return Report(
      title: "Invoice preview: \(customer) on '\(bill.plan)'", domain: "Usage-based billing: invoice preview",
      problem: "\(customer) owes \(Format.money(total)) under '\(bill.plan)' for \(what).",
      blocks: shown.isEmpty ? [.note("\(customer) was not subscribed during the run.")] : blocks)
  }
}

/// An invoice preview that cannot be shown.
public enum InvoiceError: Error, Equatable, CustomStringConvertible {
  /// No customer of the run has this id.
  case unknownCustomer(String, nearest: String?, scenario: String)
  /// No invoice of the customer falls in this period; `periods` are the ones there are.
  case unknownPeriod(String, nearest: String?, periods: [String])
  /// The workbook has no plan of this name.
  case unknownPlan(String, nearest: String?, plans: [String])

  public var description: String {
    switch self {
    case .unknownCustomer(let id, let near, let scenario):
      "unknown customer '\(id)' in scenario '\(scenario)'"
        + (near.map { "; did you mean '\($0)'?" } ?? "; customer ids look like cust_0001")
    case .unknownPeriod(let p, let near, let periods):
      "no invoice for period '\(p)'; the periods are \(periods.joined(separator: ", "))"
        + (near.map { "; did you mean '\($0)'?" } ?? "")
    case .unknownPlan(let name, let near, let plans):
      "unknown plan '\(name)'"
        + (near.map { "; did you mean '\($0)'?" } ?? "; the plans are \(plans.joined(separator: ", "))")
    }
  }
}
