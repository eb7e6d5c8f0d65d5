/// The same headline figures computed under each seed of an `Uncertainty`: what `diff`, `set`
/// and the run summary show, as bands when there is more than one seed.
///
/// Seed k of two states of a workbook used the same random numbers, so the change between
/// them is taken seed by seed (a paired difference) before it is banded.
public struct SeededFigures: Sendable, Hashable {
  /// `perSeed[k]` is seed k + 1's figures; every list has the same labels in the same order.
  public var perSeed: [[KeyFigure]]
  public var uncertainty: Uncertainty

  public init(perSeed: [[KeyFigure]], uncertainty: Uncertainty) {
    self.perSeed = perSeed
    self.uncertainty = uncertainty
  }

  /// One seed's figures.
  public init(single figures: [KeyFigure]) {
    self.init(perSeed: [figures], uncertainty: Uncertainty())
  }

  /// Each figure as its median and band (seed 1's figures, unchanged, for one seed).
  public var figures: [KeyFigure] { KeyFigure.banded(perSeed, uncertainty) }

  /// Only the figures `keep` accepts (judged on seed 1's), in every seed.
  public func keeping(_ keep: (KeyFigure) -> Bool) -> SeededFigures {
    at((perSeed.first ?? []).indices.filter { keep(perSeed[0][$0]) })
  }

  /// The figures whose value differs from `other`'s in some seed, as indices.
  public func moved(from other: SeededFigures) -> [Int] {
    (perSeed.first ?? []).indices.filter { i in
      zip(perSeed, other.perSeed).contains { a, b in
        a.indices.contains(i) && b.indices.contains(i) && a[i].raw != b[i].raw
      }
    }
  }

  /// The figures at `indices`, in every seed.
  public func at(_ indices: [Int]) -> SeededFigures {
    SeededFigures(
      perSeed: perSeed.map { seed in indices.compactMap { seed.indices.contains($0) ? seed[$0] : nil } },
      uncertainty: uncertainty)
  }
}

/// One seed of a scenario reduced to what the run summary and plan comparison read: every plan
/// billed, and the tier fees' revenue for a workbook without plans.
public struct SeedFigures: Sendable, Hashable {
  public var figures: WhatIfFigures
  public var subscription: Money?
}
