/// Where the generator hands each call as it is drawn: `run()` collects a day's calls to sort
/// them into the columns, `measure()` adds them straight into cube cells and day totals.
///
/// One generator feeds both (a generic function, specialized for each sink), so the two paths
/// draw exactly the same calls.
protocol CallSink {
  mutating func take(_ call: GeneratedCall)
}
