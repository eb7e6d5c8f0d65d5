/// A sweep as written in a `sweep:` cell or typed after `sweep` in the REPL: one parameter
/// walked from FROM to TO (a curve), or two (a grid), simulated on one scenario.
///
/// Values stay the text the analyst wrote until `SweepValues` computes the points, so a
/// decimal like 0.015 reaches the workbook loader as written, never as a binary fraction.
public struct SweepRequest: Sendable, Hashable {
  /// One swept parameter: a dotted path relative to the workbook root and its range.
  public struct Axis: Sendable, Hashable {
    public var path: [String]
    public var from: String
    public var to: String
    public var spacing: Spacing

    /// `steps N` (N evenly spaced points, both ends included) or `by STEP`.
    public enum Spacing: Sendable, Hashable {
      case steps(Int)
      case by(String)
    }

    /// Five points unless the request says otherwise.
    public static let defaultSteps = 5

    public init(path: [String], from: String, to: String, spacing: Spacing = .steps(Axis.defaultSteps)) {
      self.path = path
      self.from = from
      self.to = to
      self.spacing = spacing
    }

    public var dottedPath: String { path.joined(separator: ".") }

    /// Whether the path changes only plans, so every point bills the same calls.
    public var changesOnlyPlans: Bool { path.first == "plans" }

    /// The scenario a `scenarios.NAME.…` path changes.
    public var scenario: String? { path.count > 2 && path[0] == "scenarios" ? path[1] : nil }
  }

  /// One axis (a curve) or two (a grid).
  public var axes: [Axis]
  /// `on`: the scenario every point simulates.
  public var scenario: String?
  /// Figure names (`WhatIfFigure`); empty for the defaults.
  public var show: [String]

  public init(axes: [Axis], scenario: String? = nil, show: [String] = []) {
    self.axes = axes
    self.scenario = scenario
    self.show = show
  }

  /// The scenario the points simulate: `on`, else the scenario the first `scenarios.NAME.…`
  /// path names (sweeping a scenario's value is about that scenario), else `fallback`.
  public func scenarioName(fallback: String?) -> String? {
    scenario ?? axes.lazy.compactMap(\.scenario).first ?? fallback
  }
}
