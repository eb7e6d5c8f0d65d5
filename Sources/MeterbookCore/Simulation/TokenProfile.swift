/// Token counts per task type: log-normal input and output sizes (median and σ of the log)
/// and the share of input served from the prompt cache.
public struct TokenProfile: Sendable, Hashable {
  public var inputMedian: Double
  public var inputSigma: Double
  public var outputMedian: Double
  public var outputSigma: Double
  /// Mean share of input tokens that are cache reads, on models that have a prompt cache.
  public var cachedShare: Double

  public init(inputMedian: Double, inputSigma: Double, outputMedian: Double, outputSigma: Double, cachedShare: Double) {
    self.inputMedian = inputMedian
    self.inputSigma = inputSigma
    self.outputMedian = outputMedian
    self.outputSigma = outputSigma
    self.cachedShare = cachedShare
  }

  /// Defaults per task type, indexed by `TaskType.index`.
  public static let defaults: [TokenProfile] = TaskType.all.map { task in
    switch task {
    case .chat: TokenProfile(inputMedian: 600, inputSigma: 0.8, outputMedian: 250, outputSigma: 0.6, cachedShare: 0.30)
    case .summarization:
      TokenProfile(inputMedian: 3000, inputSigma: 0.9, outputMedian: 300, outputSigma: 0.5, cachedShare: 0.10)
    case .code: TokenProfile(inputMedian: 1800, inputSigma: 0.9, outputMedian: 600, outputSigma: 0.7, cachedShare: 0.40)
    case .extraction:
      TokenProfile(inputMedian: 1500, inputSigma: 0.8, outputMedian: 150, outputSigma: 0.6, cachedShare: 0.20)
    case .classification:
      TokenProfile(inputMedian: 400, inputSigma: 0.6, outputMedian: 10, outputSigma: 0.5, cachedShare: 0.50)
    case .reasoning:
      TokenProfile(inputMedian: 1200, inputSigma: 0.8, outputMedian: 1200, outputSigma: 0.8, cachedShare: 0.20)
    }
  }
}
