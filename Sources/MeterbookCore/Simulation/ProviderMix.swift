import Foundation

/// Which models serve the traffic: a share per provider, a weight per model within its
/// provider, and how strongly each task type leans toward the models best at it.
public struct ProviderMix: Sendable, Hashable {
  /// Share of calls per provider key; normalized when used.
  public var providerShares: [String: Double]
  /// Weight of each model within its provider, by `provider/model` id.
  ///
  /// Models of a listed
  /// provider that are missing here get the default weight `1/√(output price)`, so cheaper
  /// models carry more traffic, as in real fleets.
  public var modelWeights: [String: Double]
  /// 0 = every task type sees the same mix; 1 = each task leans toward models whose
  /// quality for it is high, and simple tasks toward cheap models (see `specs/simulator.md`).
  public var taskAffinity: Double
  /// Explicit model weights per task type (`task → provider/model → weight`), which replace
  /// the formula for that task — what calibration on real data produces.
  public var byTask: [String: [String: Double]]

  public init(
    providerShares: [String: Double], modelWeights: [String: Double] = [:], taskAffinity: Double = 1,
    byTask: [String: [String: Double]] = [:]
  ) {
    self.providerShares = providerShares
    self.modelWeights = modelWeights
    self.taskAffinity = taskAffinity
    self.byTask = byTask
  }

  /// OpenAI 40%, Anthropic 25%, Google 15%, the rest shared between the other four.
  public static let marketWeighted = ProviderMix(providerShares: [
    "openai": 0.40, "anthropic": 0.25, "google": 0.15, "bedrock": 0.07, "azure": 0.06, "mistral": 0.04,
    "cohere": 0.03,
  ])

  /// The weight of every catalog model for `task`, indexed like `catalog.models`.
  public func weights(for task: TaskType, in catalog: ModelCatalog) -> [Double] {
    if let explicit = byTask[task.rawValue], !explicit.isEmpty {
      let total = explicit.values.reduce(0, +)
      return catalog.models.map { total > 0 ? (explicit[$0.id] ?? 0) / total : 0 }
    }
    let totalShare = providerShares.values.reduce(0, +)
    guard totalShare > 0 else { return catalog.models.map { _ in 0 } }
    var result = [Double](repeating: 0, count: catalog.models.count)
    let simple = task == .classification || task == .extraction
    for (provider, share) in providerShares where share > 0 {
      let indices = catalog.models.indices.filter { catalog.models[$0].providerKey == provider }
      guard !indices.isEmpty else { continue }
      let outputPrices = indices.map { max(catalog.models[$0].price.output.dollars, 0.01) }
      let cheapest = outputPrices.min() ?? 1
      var local = indices.enumerated().map { (n, i) -> Double in
        let m = catalog.models[i]
        let base = modelWeights[m.id] ?? (1 / outputPrices[n].squareRoot())
        let quality = m.quality(for: task)
        let lean = simple ? pow(cheapest / outputPrices[n], 0.5) : pow(quality / 0.85, 8)
        return base * pow(lean, taskAffinity)
      }
      let sum = local.reduce(0, +)
      guard sum > 0 else { continue }
      local = local.map { $0 / sum * share / totalShare }
      for (n, i) in indices.enumerated() { result[i] = local[n] }
    }
    return result
  }
}
