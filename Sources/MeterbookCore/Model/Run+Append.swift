extension Run {
  /// Appends another run's calls (same dimension tables) column by column.
  public mutating func append(contentsOf o: Run) {
    timestamp += o.timestamp; model += o.model; task += o.task
    inputTokens += o.inputTokens; outputTokens += o.outputTokens; cachedTokens += o.cachedTokens
    cost += o.cost; latencyMs += o.latencyMs; quality += o.quality; status += o.status
    customer += o.customer; organization += o.organization; product += o.product
    feature += o.feature; tier += o.tier; region += o.region; callID += o.callID; traceID += o.traceID
  }
}
