extension SimulationPlan {
  /// What one worker thread reuses from customer-day to customer-day: the feature weights and
  /// alias table of the current customer-day (no allocation once they have grown).
  struct Scratch {
    var builder = AliasBuilder()
    var weights: [Double] = []
    var table: [UInt64] = []
    /// The customer whose launch-free table `table` holds, if any (it is the same every day).
    var tableOf: Int?
  }

  /// Draws customer `c`'s `n` calls of `day` (0-based; `n` from `callCount`) from the
  /// customer-day's own sub-stream and writes them into `sink`'s rows in draw order.
  ///
  /// A customer no launch lifts draws its features from the plan's `featureAlias` row. For
  /// the others (or when the plan keeps no rows) the customer-day's table is built first,
  /// O(features), into `scratch`: from the customer's shares, plus the lift of every launch it
  /// adopted that ramps that day; consecutive days of one unlifted customer (`measure()`)
  /// build it once.
  @inline(__always)
  func generateCalls<Sink: CallSink>(
    customer c: Int, day: Int, count n: Int, scratch: inout Scratch, into sink: inout Sink
  ) {
    if let rows = featureAlias, !members.buffer[c].adoptsLaunch {
      drawCalls(customer: c, day: day, count: n, features: rows.row(c &* featureCount, featureCount), into: &sink)
      return
    }
    featureTable(customer: c, day: day, into: &scratch)
    scratch.table.withUnsafeBufferPointer { table in
      drawCalls(customer: c, day: day, count: n, features: table, into: &sink)
    }
  }

  /// Builds customer `c`'s feature alias table for `day` in `scratch.table`.
  private func featureTable(customer c: Int, day: Int, into scratch: inout Scratch) {
    let features = featureCount
    let lifted = members.buffer[c].adoptsLaunch
    if !lifted && scratch.tableOf == c { return }
    scratch.weights.removeAll(keepingCapacity: true)
    scratch.weights.append(contentsOf: featureShare.row(c * features, features))
    if lifted {
      let customers = members.buffer.count
      for (l, launch) in launches.buffer.enumerated() where adopters.buffer[l * customers + c] {
        scratch.weights[launch.feature] += launch.lift * launch.ramp(day)
      }
    }
    if scratch.table.count != features { scratch.table = Array(repeating: 0, count: features) }
    scratch.weights.withUnsafeBufferPointer { weights in
      scratch.table.withUnsafeMutableBufferPointer { scratch.builder.build(weights, into: $0) }
    }
    scratch.tableOf = lifted ? nil : c
  }

  /// A call continues the current trace when its 16-bit trace draw is below this (0.3 of 2^16).
  static let traceContinues: UInt64 = 19_661

  /// The per-call draws, in the order `specs/simulator.md` lists: hour, second, feature,
  /// task, model, four normals, and one draw for status, cache and trace continuation.
  @inline(__always)
  private func drawCalls<Sink: CallSink>(
    customer c: Int, day: Int, count n: Int, features: UnsafeBufferPointer<UInt64>, into sink: inout Sink
  ) {
    let member = members.buffer[c]
    let taskCount = TaskType.all.count
    let modelCount = self.modelCount
    // The day's prices: its epoch's row of the model table, chosen once per customer-day.
    let priceRow = priceEpoch.buffer[day] &* modelCount
    let hours = hourAlias.row(Int(member.region) * 24, 24)
    let customer = UInt32(c)
    let modelRows = day * taskCount * modelCount
    let prompt = promptFactor.buffer[day]
    let normal = Ziggurat.shared
    let exp = FastExp.shared
    var rng = SplitMix64(seed: scenario.seed, stream: StreamKey.dayCalls.rawValue, UInt64(c), UInt64(day))
    let idBase = scenario.seed ^ SplitMix64.mix(UInt64(c) << 40 ^ UInt64(day) << 20)
    var trace = rng.next()
    for k in 0..<n {
      let hour = rng.pick(alias: hours)
      let row = sink.row(hour: hour)
      // An hour of a 24-entry table and the high word of `x · 3600`: below 86,400.
      row.pointee.second = UInt32(
        truncatingIfNeeded: hour &* 3600 &+ Int(truncatingIfNeeded: rng.next().multipliedFullWidth(by: 3600).high))
      let f = rng.pick(alias: features)
      let t = rng.pick(alias: taskAlias.row(f &* taskCount, taskCount))
      let m = rng.pick(alias: modelAlias.row(modelRows &+ t &* modelCount, modelCount))
      // Indexes drawn from alias tables, which hold at most 65,536 entries.
      row.pointee.feature = UInt16(truncatingIfNeeded: f)
      row.pointee.task = UInt8(truncatingIfNeeded: t)
      row.pointee.model = UInt16(truncatingIfNeeded: m)
      let z = (normal.normal(&rng), normal.normal(&rng), normal.normal(&rng), normal.normal(&rng))
      // One draw, three uniforms: status (top 24 bits), cache (next 24), trace continuation (low 16).
      let draw = rng.next()
      let call = Self.outcome(
        of: models.pointer(priceRow &+ m), quality: quality.buffer[m &* taskCount &+ t], tokens: tokens.buffer[t],
        prompt: prompt, wide: wideCost.buffer[priceRow &+ m],
        normals: z, statusDraw: Double(draw >> 40) * 0x1p-24, cacheDraw: Double(draw >> 16 & 0xFF_FFFF) * 0x1p-24,
        exp: exp)
      row.pointee.inputTokens = UInt32(call.input)
      row.pointee.outputTokens = UInt32(call.output)
      row.pointee.cachedTokens = UInt32(call.cached)
      row.pointee.latencyMs = call.latencyMs
      row.pointee.quality = call.quality
      row.pointee.status = call.status
      row.pointee.cost = call.cost
      let callID = SplitMix64.mix(idBase ^ UInt64(k))
      // 30% of calls continue the current trace; the others start one, named after themselves.
      if draw & 0xFFFF >= Self.traceContinues { trace = callID &* 0x9E37_79B9_7F4A_7C15 }
      row.pointee.callID = callID
      row.pointee.traceID = trace
      row.pointee.customer = customer
      row.pointee.organization = member.organization
      row.pointee.product = member.product
      row.pointee.tier = member.tier
      row.pointee.region = member.region
      sink.commit()
    }
  }

  /// What one call of model `model` (of expected quality `expected` on the call's task) turns
  /// out to be, given its random draws: its tokens, latency, quality (in 1/10,000ths), status
  /// (0 ok, 1 error, 2 timeout) and cost.
  ///
  /// A pure function of the draws, so the order in which the generator takes them stays in one
  /// place. The model is read in place (a copy of it was a `memcpy` per call). Rounding is done
  /// by adding 0.5 and truncating (the values are positive), which avoids a C library call per
  /// value on x86-64.
  @inline(__always)
  private static func outcome(
    of model: UnsafePointer<ModelParams>, quality expected: Double, tokens profile: TokenProfile, prompt: Double,
    wide: Bool, normals z: (Double, Double, Double, Double), statusDraw: Double, cacheDraw: Double, exp: FastExp
  ) -> (input: Int, output: Int, cached: Int, latencyMs: UInt32, quality: UInt16, status: UInt8, cost: Int64) {
    let (window, ttft, spread) = (model.pointee.contextWindow, model.pointee.ttft, model.pointee.spread)
    // Token draws are capped in floating point before becoming integers: a large σ
    // times a rare extreme normal draw is far beyond Int. The caps keep the integers below
    // Int.max, so adding 1 cannot overflow.
    var input = Int(min(profile.inputMedian * prompt * exp(profile.inputSigma * z.0), model.pointee.windowBelow)) &+ 1
    var output = Int(min(profile.outputMedian * exp(profile.outputSigma * z.1), model.pointee.windowTokens)) &+ 1
    output = min(output, max(1, window - input))
    // Computed for every model and then kept or not: whether the model has a cache is a branch
    // the predictor cannot learn (the model is drawn).
    let cachedIfAny = Int(Double(input) * min(0.95, 2 * profile.cachedShare * cacheDraw))
    var cached = model.pointee.hasCache ? cachedIfAny : 0
    var latency = (ttft + model.pointee.msPerToken * Double(output)) * exp(spread * z.2 - model.pointee.spreadDrift)
    var quality = min(1, max(0, expected + 0.05 * z.3))
    var status: UInt8 = 0
    if statusDraw < model.pointee.errorRate {
      status = 1
      output = 0
      cached = 0
      quality = 0
      latency = ttft * 0.5
    } else if statusDraw < model.pointee.failureRate {
      status = 2
      output = 0
      quality = 0
      latency = 60_000
    }
    // Errors are not billed; a timeout is billed for its input (its output is 0).
    let cost = status == 1 ? 0 : model.pointee.cost(input: input, output: output, cached: cached, wide: wide)
    input = max(input, 1)
    let latencyMs = UInt32(min(Double(Limits.latencyMs), max(1, latency + 0.5)))
    return (input, output, cached, latencyMs, UInt16(quality * 10_000 + 0.5), status, cost)
  }
}
