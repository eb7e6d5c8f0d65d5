import Testing

@testable import MeterbookCore

/// Matrix prices: a rate per model × token type with a default, and list price plus a percentage.
struct PriceMatrixTests: LoadsWorkbookText {
  let january = CalendarDay(year: 2026, month: 1, day: 1)

  /// gpt-4o at $3 / $1 / $12 per 1M uncached input / cached input / output; every other
  /// model at its list price + 30%.
  var matrix: Charge {
    Charge(
      metric: "tokens",
      model: .matrix(
        PriceMatrix(
          rows: [
            .init(
              model: "openai/gpt-4o",
              rate: .perMillion(input: Money(dollars: 3), cachedInput: Money(dollars: 1), output: Money(dollars: 12)))
          ], fallback: .listPlus(markup: 0.3))))
  }

  @Test func aMatrixPricesItsRowsPerTokenTypeAndOtherModelsAtTheDefault() {
    var b = RunBuilder(days: 31, customers: 1, start: january)
    // gpt-4o: 10 calls of 1,000 input (one with 400 cached) and 200 output tokens:
    // 9,600 uncached × $3 + 400 cached × $1 + 2,000 output × $12 per 1M = $0.0288 + $0.0004 + $0.024.
    b.add(day: 0, model: "openai/gpt-4o", count: 10)
    b.run.cachedTokens[b.run.count - 1] = 400
    // gpt-4o-mini (default, list + 30%): 5 × (1,000 × $0.15 + 200 × $0.60) / 1M = $0.00135 list, × 1.3.
    b.add(day: 3, model: "openai/gpt-4o-mini", count: 5)
    // A failed call of a million output tokens would add $12: it is not billed.
    b.add(day: 4, model: "openai/gpt-4o", output: 1_000_000)
    b.failLast()
    let plan = Plan(name: "resell", charges: [matrix])
    #expect(b.invoiceTotals(plan) == [[Money(nanos: 53_200_000 + 1_755_000)]])
  }

  @Test func theFirstMatchingRowWinsAndAMissingDefaultIsFree() {
    var b = RunBuilder(days: 31, customers: 1, start: january)
    b.add(day: 0, model: "openai/gpt-4o-mini", count: 5)  // $0.00135 at list
    b.add(day: 1, model: "openai/gpt-4o", count: 1)  // $0.0045 at list: 1,000 × $2.5 + 200 × $10 per 1M
    // openai at list + 100% comes after the gpt-4o row, so only gpt-4o-mini takes it.
    var c = matrix
    c.model = .matrix(
      PriceMatrix(
        rows: [
          .init(
            model: "openai/gpt-4o", rate: .perMillion(input: .zero, cachedInput: .zero, output: Money(dollars: 15))),
          .init(provider: "openai", rate: .listPlus(markup: 1)),
        ], fallback: .perMillion(input: .zero, cachedInput: .zero, output: .zero)))
    // gpt-4o: 200 output × $15 / 1M = $0.003; gpt-4o-mini: $0.00135 × 2 = $0.0027.
    #expect(b.invoiceTotals(Plan(name: "p", charges: [c])) == [[Money(nanos: 3_000_000 + 2_700_000)]])
  }

  @Test func aMatrixChargeDecodesFromYAML() throws {
    let book = try load(
      """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        resell:
          charges:
            - metric: tokens
              matrix:
                - {model: openai/gpt-4o, input: 3, cached_input: 1, output: 12}
              default: {list_plus: 30}
      """)
    #expect(book.plans.first?.charges == [matrix])
  }

  @Test func badMatricesAreLocatedErrors() {
    let text = """
      title: t
      scenarios:
        base: {customers: 5}
      plans:
        p:
          charges:
            - metric: calls
              matrix:
                - {output: 12}
                - {model: openai/gpt-4o, output: 12, list_plus: 5}
              included: 10
            - {metric: tokens, price: 1, default: {list_plus: 30}}
      """
    #expect(
      errors(text) == [
        "wb.yaml:7:17: a matrix prices tokens by model and token type; expected metric: tokens",
        "wb.yaml:9:13: a matrix row names no model or provider; expected model: PROVIDER/MODEL or provider: NAME",
        "wb.yaml:10:13: a rate has list_plus and output; expected either list_plus or prices per 1M tokens",
        "wb.yaml:11:19: 'included' does not apply to a matrix",
        "wb.yaml:12:45: default is the rate of a matrix; expected matrix: [...] alongside it",
      ])
  }
}
