extension Console {
  /// `invoice CUSTOMER [PERIOD] [plan NAME] [on SCENARIO]`: the customer's invoice preview.
  func invoiceCommand(_ args: [String], _ session: WorkbookSession, isCancelled: @escaping @Sendable () -> Bool)
    throws -> Result
  {
    var (words, scenario) = try splitOn(args)
    var plan: String?
    if let at = words.firstIndex(of: "plan") {
      guard words.indices.contains(at + 1) else { return .error("expected a plan name after 'plan'") }
      plan = words[at + 1]
      words.removeSubrange(at...(at + 1))
    }
    guard let customer = words.first, words.count <= 2 else {
      return .error("usage: \(ConsoleCommand.invoice.usage)")
    }
    let report = try session.invoice(
      customer: customer, period: words.dropFirst().first, plan: plan, on: scenario, isCancelled: isCancelled)
    record(session)
    return Result(output: render(report))
  }
}
