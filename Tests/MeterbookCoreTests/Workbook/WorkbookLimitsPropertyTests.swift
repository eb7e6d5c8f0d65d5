import Foundation
import PropertyBased
import Testing

@testable import MeterbookCore

/// Generated workbooks with one value inside or just outside each documented limit:
/// inside loads (and simulates when small); outside is a located error on that very value.
struct WorkbookLimitsPropertyTests {
  /// One numeric workbook field: where it is written and its documented bounds.
  struct Field: Sendable {
    var name: String
    /// Workbook text with `VALUE` where the value goes (on a line of its own).
    var template: String
    var range: ClosedRange<Double>
    var integer: Bool
    /// Whether a workbook with this field inside its range is small enough to simulate.
    var simulate: Bool = true
  }

  static let fields: [Field] = [
    Field(
      name: "customers", template: "scenarios:\n  s:\n    customers: VALUE\n", range: 1...1_000_000, integer: true,
      simulate: false),
    Field(
      name: "customer-days", template: "period:\n  days: 3660\nscenarios:\n  s:\n    customers: VALUE\n",
      range: 1...13_661, integer: true, simulate: false),
    Field(
      name: "days", template: "period:\n  days: VALUE\nscenarios:\n  s:\n    customers: 2\n", range: 1...3_660,
      integer: true, simulate: false),
    Field(
      name: "organizations", template: "scenarios:\n  s:\n    customers: 3\n    organizations: VALUE\n",
      range: 1...65_536, integer: true),
    Field(
      name: "organization_skew", template: "scenarios:\n  s:\n    organization_skew: VALUE\n", range: 0...5,
      integer: false),
    Field(
      name: "calls_per_day",
      template:
        "scenarios:\n  s:\n    customers: 2\n    archetypes:\n      a:\n        share: 1\n        calls_per_day: VALUE\n",
      range: 0...1_000_000, integer: false, simulate: false),
    Field(
      name: "share", template: "scenarios:\n  s:\n    traffic:\n      - burst:\n          probability: VALUE\n",
      range: 0...1, integer: false),
    Field(
      name: "growth", template: "scenarios:\n  s:\n    traffic:\n      - growth:\n          monthly: VALUE\n",
      range: -0.9...10, integer: false),
    Field(
      name: "jitter", template: "scenarios:\n  s:\n    traffic:\n      - base:\n          jitter: VALUE\n",
      range: 0...2, integer: false),
    Field(
      name: "input_sigma", template: "scenarios:\n  s:\n    tokens:\n      chat:\n        input_sigma: VALUE\n",
      range: 0...3, integer: false),
    Field(
      name: "input_median", template: "scenarios:\n  s:\n    tokens:\n      code:\n        input_median: VALUE\n",
      range: 1...10_000_000, integer: false),
    Field(
      name: "task_affinity", template: "scenarios:\n  s:\n    mix:\n      task_affinity: VALUE\n", range: 0...4,
      integer: false),
    Field(
      name: "utc_offset",
      template: "scenarios:\n  s:\n    regions:\n      r:\n        share: 1\n        utc_offset: VALUE\n",
      range: -12...14, integer: true),
    Field(name: "fee", template: "plans:\n  p:\n    fee: VALUE\n", range: 0...999_999_999, integer: false),
    Field(name: "budget", template: "budgets:\n  b:\n    amount: VALUE\n", range: 0...999_999_999, integer: false),
  ]

  /// `u` in 0…1 picks a value inside `range` (its ends included, half the time).
  static func inside(_ f: Field, _ u: Double, _ pick: Int) -> String {
    let x: Double
    switch pick % 4 {
    case 0: x = f.range.lowerBound
    case 1: x = f.range.upperBound
    default: x = f.range.lowerBound + u * (f.range.upperBound - f.range.lowerBound)
    }
    // Plain decimal text with six places: `String(x)` writes a tiny `u` (a subnormal the
    // generator likes to try) as `4.9e-315`, which no workbook amount is written as.
    return f.integer ? String(Int(x.rounded(.down))) : String(format: "%.6f", x)
  }

  /// A value just outside `range`, far outside it, or not a finite number.
  static func outside(_ f: Field, _ u: Double, _ pick: Int) -> String {
    let step = f.integer ? 1 : max(1e-6, (f.range.upperBound - f.range.lowerBound) * 1e-6)
    switch pick % 6 {
    case 0: return f.integer ? String(Int(f.range.lowerBound) - 1) : String(f.range.lowerBound - step)
    case 1: return f.integer ? String(Int(f.range.upperBound) + 1) : String(f.range.upperBound + step)
    case 2:
      return f.integer
        ? String(Int(f.range.upperBound) + 1 + Int(u * 1e12)) : String(f.range.upperBound * (2 + u * 1e6) + 1)
    case 3: return ".inf"
    case 4: return "-.inf"
    default: return ".nan"
    }
  }

  /// Loads the workbook; returns the diagnostics (empty when it loaded) and simulates it when
  /// asked and small.
  static func check(_ f: Field, value: String) -> (errors: [Diagnostic], line: Int, column: Int) {
    let text = f.template.replacingOccurrences(of: "VALUE", with: value)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let lineIndex = lines.firstIndex { $0.contains(value) && $0.hasSuffix(": " + value) } ?? 0
    let column = lines[lineIndex].count - value.count + 1
    do {
      let source = try YAMLSource(text: text, path: "gen.yaml")
      let wb = try WorkbookLoader(library: Fixtures.library).load(source)
      if f.simulate, var s = wb.scenarios.first {
        s.days = min(s.days, 3)
        s.population.customers = min(s.population.customers, 5)
        _ = try Simulator(scenario: s).run(budget: MemoryBudget(bytes: 256 << 20))
      }
      return ([], lineIndex + 1, column)
    } catch let e as DiagnosticsError {
      return (e.diagnostics.sorted, lineIndex + 1, column)
    } catch let e as BudgetError {
      return (
        [Diagnostic(location: SourceLocation(file: "budget", line: 0, column: 0), message: e.description)],
        lineIndex + 1, column
      )
    } catch {
      return (
        [Diagnostic(location: SourceLocation(file: "other", line: 0, column: 0), message: "\(error)")], lineIndex + 1,
        column
      )
    }
  }

  @Test func valuesInsideEveryLimitLoadAndSmallOnesSimulate() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...(Self.fields.count - 1)), Gen.double(in: 0...1), Gen.int(in: 0...3)
    ) {
      i, u, pick in
      let f = Self.fields[i]
      let value = Self.inside(f, u, pick)
      let (errors, _, _) = Self.check(f, value: value)
      #expect(errors.isEmpty, "\(f.name) = \(value): \(errors.map(\.description))")
    }
  }

  @Test func valuesJustOutsideEveryLimitAreLocatedErrorsOnTheValue() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...(Self.fields.count - 1)), Gen.double(in: 0...1), Gen.int(in: 0...5)
    ) {
      i, u, pick in
      let f = Self.fields[i]
      let value = Self.outside(f, u, pick)
      let (errors, line, column) = Self.check(f, value: value)
      #expect(!errors.isEmpty, "\(f.name) = \(value) loaded")
      let first = errors.first
      #expect(first?.location.file == "gen.yaml", "\(f.name) = \(value): \(errors.map(\.description))")
      #expect(
        first?.location.line == line && first?.location.column == column,
        "\(f.name) = \(value): expected gen.yaml:\(line):\(column), got \(errors.map(\.description))")
      #expect(first?.message.contains("expected") == true)
    }
  }
}
