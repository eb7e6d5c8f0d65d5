import Foundation

extension SimulationPlan {
  /// Generates every call of `day` (0-based), sorted by timestamp; `counts[c]` is customer
  /// `c`'s number of calls that day (from `callCount`).
  ///
  /// The inner loop reads only flat tables through unsafe buffer pointers: two threads
  /// generating different days share no reference counts.
  /// Stops early (returning a partial day, which the caller discards) once `isCancelled`.
  func generate(day: Int, counts: [Int], isCancelled: @Sendable () -> Bool = { false }) -> [GeneratedCall] {
    let total = counts.reduce(0, +)
    var out: [GeneratedCall] = []
    out.reserveCapacity(total)
    let dayStart = scenario.start.adding(days: day).epochSeconds
    let taskCount = TaskType.all.count
    let featureTaskCDF = scenario.population.features.flatMap { cumulative($0.tasks) }
    let uniformHours = cumulative(Array(repeating: 1, count: 24))
    let prompt = promptFactor[day]
    let modelCount = models.count
    var seconds: [Int32] = []
    seconds.reserveCapacity(total)
    let tokens = scenario.tokens
    let wide = self.models.map(\.needsWideCost)
    let maxLatency = Double(Limits.latencyMs)
    var sinceCheck = 0
    var cancelled = false
    models.withUnsafeBufferPointer { models in
      modelCDF.withUnsafeBufferPointer { allModelCDF in
        featureTaskCDF.withUnsafeBufferPointer { featureTasks in
          tokens.withUnsafeBufferPointer { tokens in
            for c in population.customers {
              let n = counts[c.index]
              guard n > 0 else { continue }
              // Poll every 64 customers and every 16,384 calls, so a stop request is seen within
              // milliseconds even when one customer makes millions of calls a day.
              sinceCheck += n
              if c.index & 63 == 0 || sinceCheck >= 16_384 {
                sinceCheck = 0
                if isCancelled() {
                  cancelled = true
                  break
                }
              }
              var rng = SplitMix64(
                seed: scenario.seed, stream: StreamKey.dayCalls.rawValue, UInt64(c.index), UInt64(day))
              let features = featureCDF(customer: c, day: day)
              let hours = hourCDF.isEmpty ? uniformHours : hourCDF[c.region]
              let customer = UInt32(c.index)
              let org = UInt16(c.organization)
              let product = UInt16(c.product)
              let tier = UInt8(c.tier)
              let region = UInt8(c.region)
              let idBase = SplitMix64.mix(UInt64(c.index) << 40 ^ UInt64(day) << 20)
              var trace = rng.next()
              features.withUnsafeBufferPointer { features in
                hours.withUnsafeBufferPointer { hours in
                  for k in 0..<n {
                    let hour = rng.pick(hours)
                    let second = hour * 3600 + Int(rng.unit() * 3600)
                    let f = rng.pick(features)
                    let t = rng.pick(
                      UnsafeBufferPointer(rebasing: featureTasks[(f * taskCount)..<(f * taskCount + taskCount)]))
                    let row = (day * taskCount + t) * modelCount
                    let m = rng.pick(UnsafeBufferPointer(rebasing: allModelCDF[row..<(row + modelCount)]))
                    let spec = models[m]
                    let profile = tokens[t]
                    let (z1, z2) = rng.normalPair()
                    let (z3, z4) = rng.normalPair()
                    let statusDraw = rng.unit()
                    let cacheDraw = rng.unit()
                    let traceDraw = rng.unit()
                    let nextTrace = rng.next()

                    // Token draws are capped in floating point before becoming integers: a large σ
                    // times a rare extreme normal draw is far beyond Int.
                    let window = Double(spec.contextWindow)
                    var input =
                      Int(min(profile.inputMedian * prompt * exp(profile.inputSigma * z1), window - 1).rounded(.down))
                      + 1
                    var output =
                      Int(min(profile.outputMedian * exp(profile.outputSigma * z2), window).rounded(.down)) + 1
                    output = min(output, max(1, spec.contextWindow - input))
                    var cached = spec.hasCache ? Int(Double(input) * min(0.95, 2 * profile.cachedShare * cacheDraw)) : 0
                    var latency =
                      (spec.ttft + spec.msPerToken * Double(output))
                      * exp(spec.spread * z3 - spec.spread * spec.spread / 2)
                    var quality = min(1, max(0, spec.quality(t) + 0.05 * z4))
                    var status: UInt8 = 0
                    var cost: Int64
                    if statusDraw < spec.errorRate {
                      status = 1
                      output = 0
                      cached = 0
                      quality = 0
                      latency = spec.ttft * 0.5
                      cost = 0
                    } else if statusDraw < spec.errorRate + spec.timeoutRate {
                      status = 2
                      output = 0
                      quality = 0
                      latency = 60_000
                      cost = spec.cost(input: input, output: 0, cached: cached, wide: wide[m])
                    } else {
                      cost = spec.cost(input: input, output: output, cached: cached, wide: wide[m])
                    }
                    input = max(input, 1)
                    if traceDraw >= 0.3 { trace = nextTrace }

                    seconds.append(Int32(second))
                    out.append(
                      GeneratedCall(
                        timestamp: dayStart + Int64(second), callID: SplitMix64.mix(scenario.seed ^ idBase ^ UInt64(k)),
                        traceID: trace, cost: cost, inputTokens: UInt32(input), outputTokens: UInt32(output),
                        cachedTokens: UInt32(cached), latencyMs: UInt32(min(maxLatency, max(1, latency.rounded()))),
                        customer: customer,
                        organization: org, product: product, feature: UInt16(f),
                        quality: UInt16((quality * 10_000).rounded()), model: UInt16(m), task: UInt8(t), status: status,
                        tier: tier, region: region))
                  }
                }
              }
            }
          }
        }
      }
    }
    if cancelled || isCancelled() { return [] }
    return timeSorted(out, seconds: seconds)
  }
}

/// `rows` stably sorted by `seconds` (second of day, 0..<86,400), in two cache-friendly radix
/// passes: scatter into 24 hour buckets (24 sequential write streams), then a counting sort on
/// the second within each hour, whose ~1/24 of the day fits in cache.
///
/// A single counting sort
/// over the day would gather rows in random order from megabytes of memory.
func timeSorted(_ rows: [GeneratedCall], seconds: [Int32]) -> [GeneratedCall] {
  let n = rows.count
  guard n > 1 else { return rows }
  var hourStart = [Int](repeating: 0, count: 25)
  for s in seconds { hourStart[Int(s) / 3600 + 1] += 1 }
  for h in 1...24 { hourStart[h] += hourStart[h - 1] }
  var next = hourStart
  var byHour = rows
  var secondsByHour = seconds
  rows.withUnsafeBufferPointer { src in
    byHour.withUnsafeMutableBufferPointer { dst in
      secondsByHour.withUnsafeMutableBufferPointer { dsec in
        for i in 0..<n {
          let h = Int(seconds[i]) / 3600
          dst[next[h]] = src[i]
          dsec[next[h]] = seconds[i]
          next[h] += 1
        }
      }
    }
  }
  var sorted = byHour
  var counts = [Int32](repeating: 0, count: 3601)
  byHour.withUnsafeBufferPointer { src in
    sorted.withUnsafeMutableBufferPointer { dst in
      for h in 0..<24 where hourStart[h + 1] > hourStart[h] {
        let range = hourStart[h]..<hourStart[h + 1]
        for k in 0..<counts.count { counts[k] = 0 }
        for i in range { counts[Int(secondsByHour[i]) % 3600 + 1] += 1 }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        for i in range {
          let key = Int(secondsByHour[i]) % 3600
          dst[range.lowerBound + Int(counts[key])] = src[i]
          counts[key] += 1
        }
      }
    }
  }
  return sorted
}
