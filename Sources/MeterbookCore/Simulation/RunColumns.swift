extension Run {
  /// A run with every column sized for `n` calls, every one of which the simulator then writes
  /// (through `withColumns`).
  ///
  /// The columns are plain integers, so they are allocated without zeroing.
  init(dimensions: Dimensions, filledLater n: Int) {
    func column<T: FixedWidthInteger>() -> [T] { [T](unsafeUninitializedCapacity: n) { _, count in count = n } }
    self.init(dimensions: dimensions)
    timestamp = column()
    model = column()
    task = column()
    inputTokens = column()
    outputTokens = column()
    cachedTokens = column()
    cost = column()
    latencyMs = column()
    quality = column()
    status = column()
    customer = column()
    organization = column()
    product = column()
    feature = column()
    tier = column()
    region = column()
    callID = column()
    traceID = column()
  }

  /// Raw views of every column.
  ///
  /// Worker threads write disjoint slices of them at once (a Swift array cannot be mutated
  /// from two threads). Valid only inside `withColumns`.
  struct Columns: @unchecked Sendable {
    let timestamp: UnsafeMutableBufferPointer<Int64>
    let model: UnsafeMutableBufferPointer<UInt16>
    let task: UnsafeMutableBufferPointer<UInt8>
    let inputTokens: UnsafeMutableBufferPointer<UInt32>
    let outputTokens: UnsafeMutableBufferPointer<UInt32>
    let cachedTokens: UnsafeMutableBufferPointer<UInt32>
    let cost: UnsafeMutableBufferPointer<Int64>
    let latencyMs: UnsafeMutableBufferPointer<UInt32>
    let quality: UnsafeMutableBufferPointer<UInt16>
    let status: UnsafeMutableBufferPointer<UInt8>
    let customer: UnsafeMutableBufferPointer<UInt32>
    let organization: UnsafeMutableBufferPointer<UInt16>
    let product: UnsafeMutableBufferPointer<UInt16>
    let feature: UnsafeMutableBufferPointer<UInt16>
    let tier: UnsafeMutableBufferPointer<UInt8>
    let region: UnsafeMutableBufferPointer<UInt8>
    let callID: UnsafeMutableBufferPointer<UInt64>
    let traceID: UnsafeMutableBufferPointer<UInt64>
  }

  /// Calls `body` with raw views of the columns (their sizes do not change meanwhile).
  mutating func withColumns<R>(_ body: (Columns) -> R) -> R {
    timestamp.withUnsafeMutableBufferPointer { timestamp in
      model.withUnsafeMutableBufferPointer { model in
        task.withUnsafeMutableBufferPointer { task in
          inputTokens.withUnsafeMutableBufferPointer { inputTokens in
            outputTokens.withUnsafeMutableBufferPointer { outputTokens in
              cachedTokens.withUnsafeMutableBufferPointer { cachedTokens in
                cost.withUnsafeMutableBufferPointer { cost in
                  latencyMs.withUnsafeMutableBufferPointer { latencyMs in
                    quality.withUnsafeMutableBufferPointer { quality in
                      status.withUnsafeMutableBufferPointer { status in
                        customer.withUnsafeMutableBufferPointer { customer in
                          organization.withUnsafeMutableBufferPointer { organization in
                            product.withUnsafeMutableBufferPointer { product in
                              feature.withUnsafeMutableBufferPointer { feature in
                                tier.withUnsafeMutableBufferPointer { tier in
                                  region.withUnsafeMutableBufferPointer { region in
                                    callID.withUnsafeMutableBufferPointer { callID in
                                      traceID.withUnsafeMutableBufferPointer { traceID in
                                        body(
                                          Columns(
                                            timestamp: timestamp, model: model, task: task, inputTokens: inputTokens,
                                            outputTokens: outputTokens, cachedTokens: cachedTokens, cost: cost,
                                            latencyMs: latencyMs, quality: quality, status: status, customer: customer,
                                            organization: organization, product: product, feature: feature, tier: tier,
                                            region: region, callID: callID, traceID: traceID))
                                      }
                                    }
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

extension Run.Columns {
  /// Writes `rows[order[p]]` as call `offset + p`, for every `p`: an hour of a day's calls, in
  /// time order, into their slice of the columns.
  ///
  /// Rows are gathered from an hour's rows (small enough to stay in the core's cache) and the
  /// columns are written front to back, so every column is one sequential write stream. The
  /// columns are written in four passes of four or five, by width: eighteen column pointers do
  /// not fit in x86-64's sixteen registers with the loop's own, and one pass reloaded a
  /// spilled pointer for every column of every call (three passes of six still spilled some);
  /// the later passes read the rows again from the cache.
  /// Returns the calls' total cost, summed here while the rows are in cache so the run's cost
  /// check needs no pass of its own over the cost column.
  func write(
    _ rows: UnsafeBufferPointer<GeneratedCall>, order: UnsafeBufferPointer<Int32>, dayStart: Int64, at offset: Int
  ) -> Int128 {
    // `offset + p` stays inside the day's slice, and a day's first second plus a second of the
    // day (below 86,400) inside `Limits.latestTimestamp`: both are bounded by the simulator
    // itself, so they are added without overflow checks. So is the cost: at most 2^31 calls of
    // at most 2^63 nanos each, far inside Int128.
    var total = Int128(0)
    let (timestamp, cost, callID, traceID) = (timestamp, cost, callID, traceID)
    for (p, k) in order.enumerated() {
      let r = rows[Int(k)]
      let i = offset &+ p
      timestamp[i] = dayStart &+ Int64(r.second)
      cost[i] = r.cost
      total &+= Int128(r.cost)
      callID[i] = r.callID
      traceID[i] = r.traceID
    }
    let (customer, inputTokens, outputTokens, cachedTokens, latencyMs) =
      (customer, inputTokens, outputTokens, cachedTokens, latencyMs)
    for (p, k) in order.enumerated() {
      let r = rows[Int(k)]
      let i = offset &+ p
      customer[i] = r.customer
      inputTokens[i] = r.inputTokens
      outputTokens[i] = r.outputTokens
      cachedTokens[i] = r.cachedTokens
      latencyMs[i] = r.latencyMs
    }
    let (model, quality, organization, product, feature) = (model, quality, organization, product, feature)
    for (p, k) in order.enumerated() {
      let r = rows[Int(k)]
      let i = offset &+ p
      model[i] = r.model
      quality[i] = r.quality
      organization[i] = r.organization
      product[i] = r.product
      feature[i] = r.feature
    }
    let (task, status, tier, region) = (task, status, tier, region)
    for (p, k) in order.enumerated() {
      let r = rows[Int(k)]
      let i = offset &+ p
      task[i] = r.task
      status[i] = r.status
      tier[i] = r.tier
      region[i] = r.region
    }
    return total
  }
}
