import Testing

@testable import MeterbookCore

/// Amounts shown in euros or pounds keep their sign everywhere a dollar figure prints: chart
/// values and ticks, seed bands, and the script numbers read back from formatted text.
struct CurrencyDisplayTests {
  @Test func euroAndPoundTextsReadBackAsTheirAmountAndCurrency() throws {
    let euros = try #require(FormattedNumber.parse("€1,234.57"))
    #expect(euros.value == 1234.57 && euros.unit == .eur)
    let pounds = try #require(FormattedNumber.parse("-£0.0123"))
    #expect(pounds.value == -0.0123 && pounds.unit == .gbp)
    #expect(FormattedNumber.parse("€1,234.57 and more") == nil)
  }

  @Test func chartValuesAndTicksPrintTheDisplayCurrency() {
    #expect(ValueUnit.money(in: .usd) == .dollars)
    #expect(ValueUnit.money(in: .eur).format(1234.5) == "€1,234.50")
    #expect(ValueUnit.money(in: .gbp).format(-8.9) == "-£8.90")
    #expect(ValueUnit.euros.short(1234) == "€1.2k")
    #expect(ValueUnit.dollars.short(1234) == "$1.2k")
    let cell = TableCell.value(2, as: .euros)
    #expect(cell.text == "€2.00" && cell.unit == .eur)
  }

  @Test func aBandOfEuroFiguresPrintsEuros() throws {
    // Medians of 100, 200 and 300 euros: €200 (whole units from 100 up, like dollar bands).
    let perSeed = [100.0, 200, 300].map {
      [KeyFigure(label: "revenue", value: Format.money(Money(dollars: Int64($0)), in: .eur), raw: $0)]
    }
    let banded = KeyFigure.banded(perSeed, Uncertainty(seeds: 3))
    let figure = try #require(banded.first)
    #expect(figure.value == "€200")
    #expect(figure.spread?.lowText.hasPrefix("€") == true && figure.spread?.highText.hasPrefix("€") == true)
    #expect(RunSummary.signedChange(-12.5, style: .money(.eur)) == "-€12.50")
  }
}
