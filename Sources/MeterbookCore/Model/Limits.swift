/// The documented bounds of every input Meterbook accepts (specs/data-schema.md, *Limits*).
///
/// Values are checked where they enter — a CSV row, a workbook node, a command argument —
/// and a value outside its bound is a located error there, never a trap later. Inside those
/// bounds every computation is proven to fit its integer type: money sums run in `Int128`
/// nano-dollars, so the largest run total ($1 billion) multiplied by the largest plan fee
/// ($1 billion) and by a customer count of 2³² still fits with room to spare.
public enum Limits {
  // MARK: Per value

  /// The largest `cost_usd` of one call or row: one million dollars.
  public static let callCost = Money(dollars: 1_000_000)
  /// The largest amount written in a workbook or typed in a command (fees, prices, budgets).
  public static let amount = Money(nanos: 999_999_999_999_999_999)
  /// The largest catalog price, in dollars per 1M tokens (the dearest real model charges $600);
  /// with `tokensPerCall` it keeps one call's cost inside the 64-bit cost column.
  public static let pricePerMillionTokens = Money(dollars: 100_000)
  /// Tokens of one call (each of input, output, cached): the width of the token columns.
  public static let tokensPerCall: Int = Int(UInt32.max)
  /// Latency of one call, in milliseconds.
  public static let latencyMs: Int = Int(UInt32.max)

  // MARK: Per total

  /// The largest total cost of one run (all its calls): one billion dollars.
  public static let runCost = Money(dollars: 1_000_000_000)
  /// The largest usage line or subtotal of one invoice: one trillion dollars.
  ///
  /// A charge's amount (a price under `amount` times a 64-bit unit count) always fits
  /// `Int128`; capping each line and subtotal here keeps every sum over lines, invoices,
  /// customers and seeds far inside it, and a plan that bills more is refused
  /// (`BillingRangeError`) rather than trapping or wrapping.
  public static let invoice = Money(dollars: 1_000_000_000_000)

  // MARK: Time

  /// The earliest timestamp: 1970-01-01T00:00:00Z (seconds since the epoch).
  public static let earliestTimestamp: Int64 = 0
  /// The latest timestamp: 2199-12-31T23:59:59Z, well inside the nanosecond clocks of
  /// OpenTelemetry (which end in 2262).
  public static let latestTimestamp: Int64 = 7_258_118_399
  /// The longest span of one run, first call to last, in days (ten years).
  public static let spanDays = 3_660

  // MARK: Dimensions (distinct values per run)

  /// Organizations, products, features and models each have 16-bit ids.
  public static let organizations = Int(UInt16.max) + 1
  public static let products = Int(UInt16.max) + 1
  public static let features = Int(UInt16.max) + 1
  public static let models = Int(UInt16.max) + 1
  /// Tiers, regions and task types have 8-bit ids.
  public static let tiers = Int(UInt8.max) + 1
  public static let regions = Int(UInt8.max) + 1
  public static let taskTypes = Int(UInt8.max) + 1

  // MARK: Workbooks

  /// Customers of one scenario.
  public static let customers = 1_000_000
  /// Days of one scenario.
  public static let days = 3_660
  /// Customer-days of one scenario (customers × days), the simulator's first pass.
  public static let customerDays = 50_000_000
  /// Chained `extends` and nested `use` of one scenario.
  public static let nesting = 32
  /// Calls per day of one customer in an archetype's `calls_per_day` range.
  public static let callsPerCustomerDay = 1_000_000
  /// Traffic patterns of one scenario (each costs up to days × tasks × models of set-up work).
  public static let trafficPatterns = 256
  /// Components of one `--set` / `set` path (`scenarios.baseline.archetypes.heavy.share` has 5).
  public static let overridePath = 32

  // MARK: The what-if loop

  /// Points of a one-parameter `sweep`: enough for a smooth curve, few enough to read as a table.
  public static let sweepPoints = 101
  /// Values of each parameter of a two-parameter grid (41 × 41 = 1,681 points), the most a
  /// shaded table can show one cell per character of an 80-column terminal.
  public static let gridSide = 41
  /// Calls a sweep or grid may simulate in total (the sum over the simulations it needs),
  /// checked against an estimate before the first one starts.
  public static let sweepCalls = 50_000_000
}
