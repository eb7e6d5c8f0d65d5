import Foundation

extension SimulationPlan {
  /// Generates every call of `day` (0-based), sorted by timestamp.
  func generate(day: Int) -> DayCalls {
    var out = Run(dimensions: Run.Dimensions())
    let dayStart = scenario.start.adding(days: day).epochSeconds
    let featureTaskCDF = scenario.population.features.map { cumulative($0.tasks) }
    let tokens = scenario.tokens
    let prompt = promptFactor[day]
    var seconds: [Int32] = []
    for c in population.customers {
      let n = callCount(customer: c, day: day)
      guard n > 0 else { continue }
      out.reserveCapacity(out.count + n)
      seconds.reserveCapacity(seconds.count + n)
      var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.dayCalls.rawValue, UInt64(c.index), UInt64(day))
      let features = featureCDF(customer: c, day: day)
      let hours = hourCDF.isEmpty ? cumulative(Array(repeating: 1, count: 24)) : hourCDF[c.region]
      var trace = rng.next()
      for k in 0..<n {
        let hour = rng.pick(hours)
        let second = hour * 3600 + Int(rng.unit() * 3600)
        let f = rng.pick(features)
        let t = rng.pick(featureTaskCDF[f])
        let m = rng.pick(modelCDF[day][t])
        let spec = models[m]
        let profile = tokens[t]
        let (z1, z2) = rng.normalPair()
        let (z3, z4) = rng.normalPair()
        let statusDraw = rng.unit()
        let cacheDraw = rng.unit()
        let traceDraw = rng.unit()
        let nextTrace = rng.next()

        var input = Int(profile.inputMedian * prompt * exp(profile.inputSigma * z1)) + 1
        var output = Int(profile.outputMedian * exp(profile.outputSigma * z2)) + 1
        input = min(input, spec.contextWindow)
        output = min(output, max(1, spec.contextWindow - input))
        var cached = 0
        if spec.price.cachedInput != nil {
          cached = Int(Double(input) * min(0.95, 2 * profile.cachedShare * cacheDraw))
        }
        var latency = (spec.latency.timeToFirstTokenMs + spec.latency.msPerOutputToken * Double(output))
          * exp(spec.latency.spread * z3 - spec.latency.spread * spec.latency.spread / 2)
        var quality = min(1, max(0, spec.quality[t] + 0.05 * z4))
        var status = CallStatus.ok
        var cost: Money
        if statusDraw < spec.errorRate {
          status = .error
          output = 0
          cached = 0
          quality = 0
          latency = spec.latency.timeToFirstTokenMs * 0.5
          cost = .zero
        } else if statusDraw < spec.errorRate + spec.timeoutRate {
          status = .timeout
          output = 0
          quality = 0
          latency = 60_000
          cost = spec.price.cost(input: input, output: 0, cached: cached)
        } else {
          cost = spec.price.cost(input: input, output: output, cached: cached)
        }
        if traceDraw >= 0.3 { trace = nextTrace }

        seconds.append(Int32(second))
        out.timestamp.append(dayStart + Int64(second))
        out.model.append(UInt16(m))
        out.task.append(UInt8(t))
        out.inputTokens.append(UInt32(input))
        out.outputTokens.append(UInt32(output))
        out.cachedTokens.append(UInt32(cached))
        out.cost.append(cost.nanos)
        out.latencyMs.append(UInt32(max(1, latency.rounded())))
        out.quality.append(UInt16((quality * 10_000).rounded()))
        out.status.append(Run.statusCode(status))
        out.customer.append(UInt32(c.index))
        out.organization.append(UInt16(c.organization))
        out.product.append(UInt16(c.product))
        out.feature.append(UInt16(f))
        out.tier.append(UInt8(c.tier))
        out.region.append(UInt8(c.region))
        out.callID.append(SplitMix64.mix(
          scenario.seed ^ SplitMix64.mix(UInt64(c.index) << 40 ^ UInt64(day) << 20 ^ UInt64(k))))
        out.traceID.append(trace)
      }
    }
    return DayCalls(calls: out, order: countingSortOrder(seconds))
  }
}

/// Indices of `keys` (seconds of a day, 0..<86,400) in ascending, stable order, in O(n + 86,400).
func countingSortOrder(_ keys: [Int32]) -> [Int32] {
  var counts = [Int32](repeating: 0, count: 86_401)
  for k in keys { counts[Int(k) + 1] += 1 }
  for i in 1..<counts.count { counts[i] += counts[i - 1] }
  var order = [Int32](repeating: 0, count: keys.count)
  for (i, k) in keys.enumerated() {
    order[Int(counts[Int(k)])] = Int32(i)
    counts[Int(k)] += 1
  }
  return order
}
