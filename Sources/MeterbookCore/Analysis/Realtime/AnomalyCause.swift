/// Why an hour spiked, by contribution: which customer, model and feature moved the hour's spend
/// most against the same baseline hours.
///
/// The hour's spend is compared with the *mean* of its baseline hours (the hours its
/// `SeasonalBaseline` took the median of), member by member: for each customer (overall scope
/// only), model and feature, `delta = spend in the hour − mean spend in the baseline hours`. The
/// deltas of a dimension add up to the hour's rise over that mean, so each member's `share` of the
/// rise is exact; the member with the largest delta is the cause along that dimension (ties by name,
/// so the answer never depends on hash order).
public struct AnomalyCause: Sendable, Hashable {
  /// One member's part in the rise.
  public struct Contribution: Sendable, Hashable {
    /// `customer`, `model` or `feature`.
    public var dimension: String
    /// The member's name (customer id, model id, feature name).
    public var key: String
    /// Its spend in the anomalous hour (dollars).
    public var actual: Double
    /// Its mean spend in the baseline hours (dollars).
    public var baseline: Double
    /// Its share of the hour's rise over the baseline mean (may pass 1 when other members fell).
    public var share: Double

    /// `actual − baseline`.
    public var delta: Double { actual - baseline }
    /// Whether the member had (almost) no spend in the baseline hours.
    public var isNew: Bool { baseline <= 0.01 * actual }
  }

  /// The largest contribution along each dimension, customer (overall scope only), model, feature.
  public var contributions: [Contribution]
  /// Calls in the anomalous hour.
  public var calls: Int
  /// Mean calls in the baseline hours.
  public var baselineCalls: Double
  /// The hour's rise over the mean of its baseline hours (dollars).
  public var rise: Double

  /// The contribution along `dimension`, if any.
  public func top(_ dimension: String) -> Contribution? { contributions.first { $0.dimension == dimension } }
}

extension AnomalyCause {
  /// What to explain: an hour of a scope (one customer, or all when `customer` is `nil`) and the
  /// baseline hours it was judged against.
  struct Question {
    var customer: UInt32?
    var hour: Int
    var baselineHours: [Int]
  }

  /// Running sums for one question: per dimension, member → (spend in the hour, spend in the baseline hours).
  private struct Tally {
    var members: [[Int: (now: Int64, before: Int64)]] = [[:], [:], [:]]
    var calls = 0
    var baselineCalls = 0
    var now = Int64(0)
    var before = Int64(0)

    /// Adds record `r` of `usage` to the hour (`isNow`) or to the baseline hours.
    mutating func add(_ r: Int, of usage: some HourlyUsage, isNow: Bool) {
      let (cost, calls) = (usage.cost(r), Int(usage.calls(r)))
      let keys = [Int(usage.customer(r)), Int(usage.model(r)), Int(usage.feature(r))]
      for (k, key) in keys.enumerated() {
        var sums = members[k][key, default: (0, 0)]
        if isNow { sums.now += cost } else { sums.before += cost }
        members[k][key] = sums
      }
      if isNow {
        now += cost
        self.calls += calls
      } else {
        before += cost
        baselineCalls += calls
      }
    }
  }

  /// The causes of several anomalous hours, in one scan of `usage`: each member's spend in an
  /// hour is the sum of its records there (calls, or the hourly cells of a digest).
  ///
  /// - Complexity: O(records + questions × baseline hours).
  static func explain(_ questions: [Question], usage: some HourlyUsage, start: CalendarDay) -> [AnomalyCause] {
    var roles: [Int: [(question: Int, isNow: Bool)]] = [:]
    for (q, question) in questions.enumerated() {
      roles[question.hour, default: []].append((q, true))
      for h in question.baselineHours { roles[h, default: []].append((q, false)) }
    }
    var tallies = [Tally](repeating: Tally(), count: questions.count)
    let base = start.epochSeconds / 3600
    for r in 0..<usage.records {
      let hour = usage.hour(r)
      guard hour >= base, let hits = roles[Int(clamping: hour - base)] else { continue }
      let customer = usage.customer(r)
      for (q, isNow) in hits where questions[q].customer.map({ $0 == customer }) ?? true {
        tallies[q].add(r, of: usage, isNow: isNow)
      }
    }
    return questions.indices.map { cause(tallies[$0], questions[$0], usage.dimensions) }
  }

  private static func cause(_ t: Tally, _ q: Question, _ d: Run.Dimensions) -> AnomalyCause {
    let n = Double(max(1, q.baselineHours.count))
    let rise = (Double(t.now) - Double(t.before) / n) / 1e9
    let names: [(String, (Int) -> String)] = [
      ("customer", { d.customers.indices.contains($0) ? d.customers[$0] : "?" }),
      ("model", { d.models.indices.contains($0) ? d.models[$0].id : "?" }),
      ("feature", { d.features.indices.contains($0) ? d.features[$0] : "?" }),
    ]
    var top: [Contribution] = []
    for (k, (dimension, name)) in names.enumerated() where k > 0 || q.customer == nil {
      let rows = t.members[k].map { key, sums in
        Contribution(
          dimension: dimension, key: name(key), actual: Double(sums.now) / 1e9, baseline: Double(sums.before) / n / 1e9,
          share: 0)
      }
      guard var best = rows.max(by: { ($0.delta, $1.key) < ($1.delta, $0.key) }) else { continue }
      best.share = rise > 0 ? best.delta / rise : 0
      top.append(best)
    }
    return AnomalyCause(contributions: top, calls: t.calls, baselineCalls: Double(t.baselineCalls) / n, rise: rise)
  }
}
