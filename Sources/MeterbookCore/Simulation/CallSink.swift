/// Where the generator writes each call as it is drawn: `run()` collects a day's calls to sort
/// them into the columns, `measure()` adds them straight into cube cells and day totals.
///
/// One generator feeds both (a generic function, specialized for each sink), so the two paths
/// draw exactly the same calls. The generator asks for a call's row as soon as it has drawn
/// the call's hour and writes each field as soon as it has it, then commits the row: building
/// the whole call first kept a dozen values alive to the end of the loop, more than the
/// registers hold, and they went to the stack and back on every call.
protocol CallSink {
  /// The row of the next call, which falls in hour `hour` of its day.
  mutating func row(hour: Int) -> UnsafeMutablePointer<GeneratedCall>
  /// The row from the last `row(hour:)` is written.
  mutating func commit()
}
