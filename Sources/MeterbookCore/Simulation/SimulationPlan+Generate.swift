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
    var seconds: [Int32] = []
    seconds.reserveCapacity(total)
    let featureTaskCDF = scenario.population.features.flatMap { cumulative($0.tasks) }
    let uniformHours = cumulative(Array(repeating: 1, count: 24))
    let wide = self.models.map(\.needsWideCost)
    let tokens = scenario.tokens
    var sinceCheck = 0
    var cancelled = false
    models.withUnsafeBufferPointer { models in
      modelCDF.withUnsafeBufferPointer { allModelCDF in
        featureTaskCDF.withUnsafeBufferPointer { featureTasks in
          tokens.withUnsafeBufferPointer { tokens in
            wide.withUnsafeBufferPointer { wide in
              let tables = DayTables(
                day: day, dayStart: scenario.start.adding(days: day).epochSeconds, prompt: promptFactor[day],
                models: models, modelCDF: allModelCDF, featureTasks: featureTasks, tokens: tokens, wide: wide)
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
                let hours = hourCDF.isEmpty ? uniformHours : hourCDF[c.region]
                appendCalls(of: c, count: n, hours: hours, tables: tables, to: &out, seconds: &seconds)
              }
            }
          }
        }
      }
    }
    if cancelled || isCancelled() { return [] }
    return timeSorted(out, seconds: seconds)
  }

  /// The flat tables one day's calls are drawn from, as unsafe buffers (valid while `generate`
  /// holds them).
  struct DayTables {
    let day: Int
    let dayStart: Int64
    /// The day's prompt length factor.
    let prompt: Double
    let models: UnsafeBufferPointer<ModelParams>
    /// Cumulative model weights per day and task (see `SimulationPlan.modelCDF`).
    let modelCDF: UnsafeBufferPointer<Double>
    /// Cumulative task weights per feature, `TaskType.all.count` entries each.
    let featureTasks: UnsafeBufferPointer<Double>
    let tokens: UnsafeBufferPointer<TokenProfile>
    /// Whether each model's cost needs 128-bit arithmetic.
    let wide: UnsafeBufferPointer<Bool>
  }

  /// Draws customer `c`'s `n` calls of the day from its own random stream and appends them (with
  /// their second of the day) in draw order.
  @inline(__always)
  private func appendCalls(
    of c: Customer, count n: Int, hours: [Double], tables: DayTables, to out: inout [GeneratedCall],
    seconds: inout [Int32]
  ) {
    let taskCount = TaskType.all.count
    let modelCount = tables.models.count
    var rng = SplitMix64(
      seed: scenario.seed, stream: StreamKey.dayCalls.rawValue, UInt64(c.index), UInt64(tables.day))
    let features = featureCDF(customer: c, day: tables.day)
    let idBase = SplitMix64.mix(UInt64(c.index) << 40 ^ UInt64(tables.day) << 20)
    var trace = rng.next()
    features.withUnsafeBufferPointer { features in
      hours.withUnsafeBufferPointer { hours in
        for k in 0..<n {
          let hour = rng.pick(hours)
          let second = hour * 3600 + Int(rng.unit() * 3600)
          let f = rng.pick(features)
          let t = rng.pick(
            UnsafeBufferPointer(rebasing: tables.featureTasks[(f * taskCount)..<(f * taskCount + taskCount)]))
          let row = (tables.day * taskCount + t) * modelCount
          let m = rng.pick(UnsafeBufferPointer(rebasing: tables.modelCDF[row..<(row + modelCount)]))
          let (z1, z2) = rng.normalPair()
          let (z3, z4) = rng.normalPair()
          let statusDraw = rng.unit()
          let cacheDraw = rng.unit()
          let traceDraw = rng.unit()
          let nextTrace = rng.next()
          let call = Self.outcome(
            of: tables.models[m], task: t, tokens: tables.tokens[t], prompt: tables.prompt, wide: tables.wide[m],
            normals: (z1, z2, z3, z4), statusDraw: statusDraw, cacheDraw: cacheDraw)
          if traceDraw >= 0.3 { trace = nextTrace }

          seconds.append(Int32(second))
          out.append(
            GeneratedCall(
              timestamp: tables.dayStart + Int64(second), callID: SplitMix64.mix(scenario.seed ^ idBase ^ UInt64(k)),
              traceID: trace, cost: call.cost, inputTokens: UInt32(call.input), outputTokens: UInt32(call.output),
              cachedTokens: UInt32(call.cached), latencyMs: call.latencyMs, customer: UInt32(c.index),
              organization: UInt16(c.organization), product: UInt16(c.product), feature: UInt16(f),
              quality: UInt16((call.quality * 10_000).rounded()), model: UInt16(m), task: UInt8(t), status: call.status,
              tier: UInt8(c.tier), region: UInt8(c.region)))
        }
      }
    }
  }

  /// What one call of model `spec` on task `task` turns out to be, given its random draws: its
  /// tokens, latency, quality, status (0 ok, 1 error, 2 timeout) and cost.
  ///
  /// A pure function of the draws, so the order in which the generator takes them stays in one place.
  @inline(__always)
  private static func outcome(
    of spec: ModelParams, task: Int, tokens profile: TokenProfile, prompt: Double, wide: Bool,
    normals z: (Double, Double, Double, Double), statusDraw: Double, cacheDraw: Double
  ) -> (input: Int, output: Int, cached: Int, latencyMs: UInt32, quality: Double, status: UInt8, cost: Int64) {
    // Token draws are capped in floating point before becoming integers: a large σ
    // times a rare extreme normal draw is far beyond Int.
    let window = Double(spec.contextWindow)
    var input =
      Int(min(profile.inputMedian * prompt * exp(profile.inputSigma * z.0), window - 1).rounded(.down)) + 1
    var output = Int(min(profile.outputMedian * exp(profile.outputSigma * z.1), window).rounded(.down)) + 1
    output = min(output, max(1, spec.contextWindow - input))
    var cached = spec.hasCache ? Int(Double(input) * min(0.95, 2 * profile.cachedShare * cacheDraw)) : 0
    var latency =
      (spec.ttft + spec.msPerToken * Double(output)) * exp(spec.spread * z.2 - spec.spread * spec.spread / 2)
    var quality = min(1, max(0, spec.quality(task) + 0.05 * z.3))
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
      cost = spec.cost(input: input, output: 0, cached: cached, wide: wide)
    } else {
      cost = spec.cost(input: input, output: output, cached: cached, wide: wide)
    }
    input = max(input, 1)
    let latencyMs = UInt32(min(Double(Limits.latencyMs), max(1, latency.rounded())))
    return (input, output, cached, latencyMs, quality, status, cost)
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
