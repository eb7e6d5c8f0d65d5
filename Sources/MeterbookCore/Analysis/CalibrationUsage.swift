/// What calibration reads of the calls: counts per customer, day, region and UTC hour, feature
/// and task, model and task, and each task type's token log sums.
///
/// A run (`init(_:period:)`) and a usage digest (`init(_:)`) both give it, so `calibrate`
/// fits the same piece on a file held in memory and on one streamed past the memory budget.
public struct CalibrationUsage: Sendable {
  public var dimensions: Run.Dimensions
  public var period: Period
  public var callsByCustomer: [Int64]
  /// Calls on each day of the period (calls outside it are not counted).
  public var callsByDay: [Int64]
  /// `[region][UTC hour of day]`.
  public var callsByRegionHour: [[Int64]]
  /// `[feature][task]`.
  public var callsByFeatureTask: [[Int64]]
  /// `[model][task]`.
  public var callsByModelTask: [[Int64]]
  /// `[task]`: successful calls' token logs.
  public var tokens: [TokenLogSums]

  /// Empty counts shaped by `d`.
  init(dimensions d: Run.Dimensions, period: Period) {
    dimensions = d
    self.period = period
    callsByCustomer = Array(repeating: 0, count: d.customers.count)
    callsByDay = Array(repeating: 0, count: period.days)
    callsByRegionHour = Array(repeating: Array(repeating: 0, count: 24), count: d.regions.count)
    callsByFeatureTask = Array(repeating: Array(repeating: 0, count: d.taskTypes.count), count: d.features.count)
    callsByModelTask = Array(repeating: Array(repeating: 0, count: d.taskTypes.count), count: d.models.count)
    tokens = Array(repeating: TokenLogSums(), count: d.taskTypes.count)
  }

  /// The counts of a run's calls over `period`, in one pass.
  public init(_ run: Run, period: Period) {
    self.init(dimensions: run.dimensions, period: period)
    let start = period.start.epochSeconds
    for i in 0..<run.count {
      let (t, ts) = (Int(run.task[i]), run.timestamp[i])
      callsByCustomer[Int(run.customer[i])] += 1
      let day = (ts - start) / 86_400
      if ts >= start && day < Int64(period.days) { callsByDay[Int(day)] += 1 }
      callsByRegionHour[Int(run.region[i])][Int(ts % 86_400 / 3600)] += 1
      callsByFeatureTask[Int(run.feature[i])][t] += 1
      callsByModelTask[Int(run.model[i])][t] += 1
      if run.status[i] == 0 {
        tokens[t].add(input: run.inputTokens[i], output: run.outputTokens[i], cached: run.cachedTokens[i])
      }
    }
  }

  /// The counts of a streamed file, from its digest's cells and per-region hours.
  public init(_ digest: UsageDigest) {
    self.init(dimensions: digest.cube.dimensions, period: digest.period)
    let startHour = period.start.epochSeconds / 3600
    for cell in digest.cube.cells {
      let (t, calls) = (Int(cell.key.task), cell.calls)
      callsByCustomer[Int(cell.key.customer)] += calls
      let day = (cell.key.hour - startHour) / 24
      if cell.key.hour >= startHour && day < Int64(period.days) { callsByDay[Int(day)] += calls }
      callsByFeatureTask[Int(cell.key.feature)][t] += calls
      callsByModelTask[Int(cell.key.model)][t] += calls
    }
    for (r, hours) in digest.regionHours.enumerated() where r < callsByRegionHour.count {
      for (h, n) in hours.enumerated() where h < 24 { callsByRegionHour[r][h] += n }
    }
    for (t, sums) in digest.tokenLogs.enumerated() where t < tokens.count { tokens[t] += sums }
  }
}
