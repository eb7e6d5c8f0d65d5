/// A dimensional price: a rate per model (or provider) × token type, with a default rate, as
/// one charge.
///
/// Billing engines price tokens this way (Orb's matrix prices, Lago's charge filters, Stripe's
/// per-model meters): "resell tokens at list + 30%" is one default rate, "$15 per 1M output
/// tokens of premium models" one row. A call's model picks the first row that matches it, in
/// the order written; a model no row matches bills at the default. Each row either prices the
/// three token types per 1M tokens or marks the call's list cost up by a percentage.
public struct PriceMatrix: Sendable, Hashable {
  /// One row: which models it prices, and at what rate.
  public struct Row: Sendable, Hashable {
    /// The model id (`openai/gpt-4o`) the row prices; `nil` for any model of `provider`.
    public var model: String?
    /// The provider (key or name) the row prices; `nil` for any provider.
    public var provider: String?
    public var rate: Rate

    public init(model: String? = nil, provider: String? = nil, rate: Rate) {
      self.model = model
      self.provider = provider
      self.rate = rate
    }

    /// Whether the row prices calls of `m`.
    func matches(_ m: Run.ModelRef) -> Bool {
      (model.map { m.id == $0 } ?? true) && (provider.map { m.providerName == $0 || m.providerKey == $0 } ?? true)
    }
  }

  /// What a row charges.
  public enum Rate: Sendable, Hashable {
    /// Prices per 1M tokens of uncached input, cached input and output.
    ///
    /// Input is split as providers bill it: `input_tokens` counts cached tokens too, so the
    /// input rate applies to `input − cached` and the cached rate to the cached part.
    case perMillion(input: Money, cachedInput: Money, output: Money)
    /// The call's list cost (the catalog's price at the call's date, long context and all,
    /// as the call's `cost`) times `1 + markup`: `list + 30%` is `0.3`.
    case listPlus(markup: Double)
  }

  public var rows: [Row]
  /// The rate of calls no row matches.
  public var fallback: Rate

  public init(rows: [Row], fallback: Rate) {
    self.rows = rows
    self.fallback = fallback
  }

  /// Counters per rate: uncached input, cached input, output tokens and list cost in nano-dollars.
  static let countersPerRate = 4

  /// Every rate in counter order: the rows', then the default.
  var rates: [Rate] { rows.map(\.rate) + [fallback] }

  /// The rate index (into `rates`) of each model of a run: its first matching row, else the default.
  func rateIndex(models: [Run.ModelRef]) -> [Int] {
    models.map { m in rows.firstIndex { $0.matches(m) } ?? rows.count }
  }

  /// The charge for counters laid out as `countersPerRate` per rate, rounded once.
  ///
  /// Every rate's part is an exact count of 10⁻¹⁵ dollars (tokens × nano-dollars per 1M
  /// tokens, or list cost × the markup in millionths); their sum is divided by 10⁶ once and
  /// rounded half away from zero, so splitting a period's calls into cells never moves a nano.
  func amount(_ counters: ArraySlice<Int64>) -> Money {
    var micro: Int128 = 0
    for (i, rate) in rates.enumerated() {
      func count(_ k: Int) -> Int128 {
        let at = counters.startIndex + i * Self.countersPerRate + k
        return counters.indices.contains(at) ? Int128(counters[at]) : 0
      }
      switch rate {
      case .perMillion(let input, let cached, let output):
        micro += count(0) * input.nanos + count(1) * cached.nanos + count(2) * output.nanos
      case .listPlus(let markup):
        micro += count(3) * Int128(Int64(saturating: ((1 + markup) * 1_000_000).rounded()))
      }
    }
    return Money(nanos: micro).scaled(by: 1, per: 1_000_000)
  }
}

extension PriceMatrix {
  /// The matrix in words: `tokens by model: openai/gpt-4o at $2.50 / $1.25 / $10.00 per 1M
  /// input / cached / output; others at list + 30%`.
  public var summary: String {
    func rate(_ r: Rate) -> String {
      switch r {
      case .perMillion(let i, let c, let o):
        "\(Format.money(i)) / \(Format.money(c)) / \(Format.money(o)) per 1M input / cached / output"
      case .listPlus(let m):
        "list " + (m < 0 ? "− " : "+ ") + Format.percent(abs(m), places: m * 100 == (m * 100).rounded() ? 0 : 1)
      }
    }
    let named = rows.map { r in "\([r.provider, r.model].compactMap { $0 }.joined(separator: " ")) at \(rate(r.rate))" }
    return "tokens by model: " + (named + ["others at \(rate(fallback))"]).joined(separator: "; ")
  }
}
