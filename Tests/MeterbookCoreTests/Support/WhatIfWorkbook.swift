import Foundation

@testable import MeterbookCore

/// A small workbook for the what-if loop: two scenarios (`other` extends `base`, so changing
/// it leaves `base` alone) and two plans whose revenue is known by hand — `flat` bills $10
/// per customer, `usage` $0.01 per billable call.
enum WhatIfWorkbook {
  static let text = """
    title: What-if test
    seed: 3
    period: {start: 2026-01-05, days: 5}
    scenarios:
      base:
        use: [populations/small, patterns/business-week]
        customers: 20
      other:
        extends: base
        customers: 30
    plans:
      flat: {fee: 10}
      usage: {charges: [{metric: calls, price: 0.01}]}
    cells:
      - run: base
    """

  static func source(_ text: String = WhatIfWorkbook.text) throws -> YAMLSource {
    try YAMLSource(text: text, path: "wb.yaml")
  }

  static func session(_ text: String = WhatIfWorkbook.text, overrides: [Override] = []) throws -> WorkbookSession {
    try WorkbookSession(
      loader: WorkbookLoader(library: Fixtures.library), source: try source(text), overrides: overrides)
  }

  /// Billable (non-error) calls of a run: what a per-call charge counts.
  static func billableCalls(_ r: SimulationResult) -> Int { r.run.status.filter { $0 != 1 }.count }

  /// A monthly fee as the workbook's 5 days of January bill it: prorated by 5/31.
  static func billed(monthly fee: Money) -> Money {
    Period(start: CalendarDay(year: 2026, month: 1, day: 5), days: 5).total(monthly: fee)
  }
}
