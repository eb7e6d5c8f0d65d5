/// Scenarios side by side: each scenario's headline figures — calls, active customers, AI
/// cost, every plan's revenue and margin, error rate — with the absolute and relative change
/// against the first scenario, and the top movers behind the change (AI cost by provider and
/// by model).
///
/// Every plan of the workbook is billed on every scenario's own calls, so the table answers
/// "what does this scenario do to each plan's margin", not only to the AI bill.
public struct ScenarioComparison {
  public let plans: [Plan]
  /// The exchange rates and display currency the plans' bills and AI costs are shown in.
  public let money: MoneySettings
  /// Movers listed per breakdown (provider, model) and per compared scenario.
  public static let moverCount = 5

  public init(plans: [Plan], money: MoneySettings = MoneySettings()) {
    self.plans = plans
    self.money = money
  }

  /// One line of the AI bill that changed between two scenarios.
  public struct Mover: Sendable, Hashable {
    /// `provider` or `model`.
    public var dimension: String
    public var name: String
    public var before: Money
    public var after: Money
    public var change: Money { after - before }
  }

  /// The lines of AI cost by provider, then by model, that changed most from `a` to `b`:
  /// at most `count` of each, by absolute change, equal changes by name.
  ///
  /// A provider or model present in only one cube counts as zero in the other. The costs are
  /// the cubes' sums, so scenarios are compared without their calls (a data scenario kept as
  /// sums too).
  public static func movers(from a: UsageCube, to b: UsageCube, count: Int = moverCount) -> [Mover] {
    func costs(_ cube: UsageCube, _ key: (Run.ModelRef) -> String) -> [String: Money] {
      var byModel = [Int128](repeating: 0, count: cube.dimensions.models.count)
      for cell in cube.cells where Int(cell.key.model) < byModel.count {
        byModel[Int(cell.key.model)] += Int128(cell.cost)
      }
      var out: [String: Money] = [:]
      for (m, nanos) in byModel.enumerated() where nanos != 0 {
        out[key(cube.dimensions.models[m]), default: .zero] += Money(nanos: nanos)
      }
      return out
    }
    var out: [Mover] = []
    for (dimension, key) in [
      ("provider", { (m: Run.ModelRef) in m.providerName }), ("model", { (m: Run.ModelRef) in m.id }),
    ] {
      let (x, y) = (costs(a, key), costs(b, key))
      let names = Set(x.keys).union(y.keys).sorted()
      let moved = names.map { Mover(dimension: dimension, name: $0, before: x[$0] ?? .zero, after: y[$0] ?? .zero) }
        .filter { $0.change != .zero }
        .sorted { l, r in
          let (a, b) = (abs(l.change.nanos), abs(r.change.nanos))
          return a != b ? a > b : l.name < r.name
        }
      out += moved.prefix(count)
    }
    return out
  }

  /// The comparison of `results` (the first is the reference) showing `show`, or every
  /// figure when `show` is empty.
  ///
  /// With `seeds` (each scenario's figures per seed, and the seeds' uncertainty), every value is
  /// its median with its band, and every change is taken seed by seed (seed k of two
  /// scenarios draws the same random numbers) before it is banded.
  ///
  /// - Throws: `ProjectionError.exchange` when the rates cannot convert an amount.
  public func report(
    _ results: [MeasuredRun], show: [WhatIfFigure] = [],
    seeds: (perScenario: [[WhatIfFigures]], uncertainty: Uncertainty)? = nil
  ) throws -> Report {
    guard let first = results.first else {
      return Report(title: "Scenarios side by side", blocks: [.note("No scenarios to compare.")])
    }
    let names = results.map(\.scenario.name)
    let figures = try results.map { try $0.figures(plans: plans, money: money) }
    let shown = show.isEmpty ? WhatIfFigure.all(plans: plans.map(\.name)) : show
    let base = figures[0]
    let others = Array(results.indices.dropFirst())
    var columns = ["figure", names[0]]
    for i in others { columns += [names[i], "Δ " + names[i], "Δ% " + names[i]] }
    let rows = shown.map { f -> [String] in
      if let seeds { return Self.bandedRow(f, seeds.perScenario, seeds.uncertainty) }
      var row = [f.description, f.format(base)]
      for i in others {
        row += [
          f.format(figures[i]), f.change(from: base, to: figures[i]), f.percentChange(from: base, to: figures[i]),
        ]
      }
      return row
    }
    var seedsNote = ""
    if let u = seeds?.uncertainty {
      seedsNote =
        " Over \(u.seeds) seeds: medians with the \(u.label) band; each change is taken seed by seed, then banded. Top movers describe seed 1."
    }
    let distinctSeeds = Set(results.map(\.scenario.seed))
    var blocks: [ReportBlock] = [
      .note(
        "Each scenario is simulated from its own resolved values"
          + (distinctSeeds.count == 1 ? " and seed \(first.scenario.seed)" : "")
          + (plans.isEmpty ? "" : "; every plan is billed on each scenario's own calls")
          + "; changes are against '\(names[0])'." + seedsNote),
      .table(
        Table(
          title: "Headline figures", columns: columns,
          numeric: [false] + Array(repeating: true, count: columns.count - 1), rows: rows)),
    ]
    var impact: [String] = []
    for i in others {
      let movers = Self.movers(from: first.cube, to: results[i].cube)
      let cost = WhatIfFigure.cost
      impact.append(
        "'\(names[i])' changes AI cost by \(cost.change(from: base, to: figures[i])) (\(cost.percentChange(from: base, to: figures[i])))"
          + (movers.first { $0.dimension == "model" }.map { ", most of it on \($0.name)" } ?? ""))
      guard !movers.isEmpty else {
        blocks.append(.note("'\(names[i])' spends exactly what '\(names[0])' spends on every provider and model."))
        continue
      }
      blocks.append(
        .table(
          Table(
            title: "Top movers: AI cost, '\(names[i])' against '\(names[0])'"
              + (money.display == .usd ? "" : " (USD, as the providers bill it)"),
            columns: ["by", "name", names[0], names[i], "change", "%"],
            numeric: [false, false, true, true, true, true],
            rows: movers.map { m in
              [
                m.dimension, m.name, Format.money(m.before), Format.money(m.after),
                (m.change > .zero ? "+" : "") + Format.money(m.change),
                m.before == .zero
                  ? "new"
                  : (m.change > .zero ? "+" : "") + Format.percent(Double(m.change.nanos) / Double(m.before.nanos)),
              ]
            })))
    }
    if let rates = money.ratesNote(figures.flatMap(\.rates)) { blocks.append(.note(rates)) }
    return Report(
      title: "Scenarios side by side: " + names.joined(separator: ", "),
      domain: "FinOps: forecasting and what-if planning",
      impact: impact.isEmpty ? "" : impact.joined(separator: "; ") + ".",
      blocks: blocks)
  }

  /// A figure's row over seeds: the reference's median and band, then for each other scenario
  /// its median and band, the paired change and the paired percent change.
  static func bandedRow(_ f: WhatIfFigure, _ perScenario: [[WhatIfFigures]], _ u: Uncertainty) -> [String] {
    guard let base = perScenario.first, let first = base.first else { return [f.description] }
    let style = KeyFigure.Style(f.format(first))
    func shown(_ b: Band<Double>?, _ format: (Double) -> String) -> String {
      b.map { "\(format($0.median)) (\(format($0.low))…\(format($0.high)))" } ?? "–"
    }
    var row = [f.description, shown(Band(base.map(f.raw), u), style.format)]
    for other in perScenario.dropFirst() {
      let pairs = zip(base, other).map { (f.raw($0), f.raw($1)) }
      let changes = pairs.map { $1 - $0 }
      let shares = pairs.compactMap { a, b in a == 0 ? nil : (b - a) / abs(a) }
      row += [
        shown(Band(other.map(f.raw), u), style.format),
        shown(Band(changes, u)) { RunSummary.signedChange($0, style: style) },
        shown(Band(shares, u)) { ($0 > 0 ? "+" : "") + Format.percent($0) },
      ]
    }
    return row
  }
}
