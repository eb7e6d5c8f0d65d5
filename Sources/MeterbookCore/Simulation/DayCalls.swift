/// One simulated day's calls, in generation order, plus the order that sorts them by time.
struct DayCalls: Sendable {
  var calls: Run
  /// Indices into `calls` in timestamp order (stable: ties keep generation order).
  var order: [Int32]
}

extension Run {
  /// Appends a day's calls in their time order.
  mutating func append(_ day: DayCalls) {
    let c = day.calls
    for i32 in day.order {
      let i = Int(i32)
      timestamp.append(c.timestamp[i]); model.append(c.model[i]); task.append(c.task[i])
      inputTokens.append(c.inputTokens[i]); outputTokens.append(c.outputTokens[i])
      cachedTokens.append(c.cachedTokens[i]); cost.append(c.cost[i]); latencyMs.append(c.latencyMs[i])
      quality.append(c.quality[i]); status.append(c.status[i]); customer.append(c.customer[i])
      organization.append(c.organization[i]); product.append(c.product[i]); feature.append(c.feature[i])
      tier.append(c.tier[i]); region.append(c.region[i]); callID.append(c.callID[i]); traceID.append(c.traceID[i])
    }
  }
}
