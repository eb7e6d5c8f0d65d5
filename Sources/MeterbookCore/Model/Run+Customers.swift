extension Run {
  /// The calls of `customers` (indices into `dimensions.customers`), each renumbered to its
  /// position in the list, which becomes the customer table.
  ///
  /// A projection bills a few customers' part of a month on its own (a leaver's days, the days
  /// before a plan change); their own run keeps the cube of those days as small as they are.
  func calls(of customers: [Int]) -> Run {
    var position = [Int](repeating: -1, count: dimensions.customers.count)
    for (i, c) in customers.enumerated() where position.indices.contains(c) { position[c] = i }
    var kept: [Int] = []
    // A plain loop over the buffers: this scans every call of a month for each plan billed in parts.
    position.withUnsafeBufferPointer { position in
      customer.withUnsafeBufferPointer { ids in
        for i in 0..<ids.count where Int(ids[i]) < position.count && position[Int(ids[i])] >= 0 { kept.append(i) }
      }
    }
    // A column the run does not fill stays empty.
    func pick<T>(_ column: [T]) -> [T] { column.count == count ? kept.map { column[$0] } : [] }
    var part = Run(dimensions: dimensions)
    part.dimensions.customers = customers.map {
      dimensions.customers.indices.contains($0) ? dimensions.customers[$0] : ""
    }
    part.timestamp = pick(timestamp)
    part.model = pick(model)
    part.task = pick(task)
    part.inputTokens = pick(inputTokens)
    part.outputTokens = pick(outputTokens)
    part.cachedTokens = pick(cachedTokens)
    part.cost = pick(cost)
    part.latencyMs = pick(latencyMs)
    part.quality = pick(quality)
    part.status = pick(status)
    part.customer = kept.map { UInt32(truncatingIfNeeded: position[Int(customer[$0])]) }
    part.organization = pick(organization)
    part.product = pick(product)
    part.feature = pick(feature)
    part.tier = pick(tier)
    part.region = pick(region)
    part.callID = pick(callID)
    part.traceID = pick(traceID)
    return part
  }
}
