import Foundation
import TestSupport
import Testing

@testable import MeterbookCore

/// The proposal a CFO reads: the decision first, each supporting table once, one H1.
@Suite(.serialized)
struct ProposalDocumentTests {
  static func document(_ commands: [String] = []) throws -> (String, PricingProposal) {
    let book = try LongNamesWorkbook()
    defer { book.cleanUp() }
    let console = book.console(width: 80)
    for c in commands { #expect(console.execute(c).ok, "\(c)") }
    let session = try #require(console.session)
    // The temporary folder differs per run; the golden file names the workbook alone.
    let doc = try session.document(format: "proposal", outputs: []).replacingOccurrences(
      of: book.book.url.path, with: "book.yaml")
    return (doc, try session.proposal())
  }

  @Test func proposalMatchesItsGoldenMarkdown() throws {
    let (doc, _) = try Self.document()
    assertSnapshot(doc, named: "proposal-long-names")
  }

  @Test func theDecisionComesFirstAndEveryHeadingIsUniqueUnderOneH1() throws {
    let (doc, _) = try Self.document()
    let lines = doc.split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("# ") }.count == 1)
    let headings = lines.filter { $0.hasPrefix("#") }
    #expect(Set(headings).count == headings.count, "\(headings)")
    #expect(headings.dropFirst().first == "## Decision")
    // The plan table and the margin chart appear once each.
    #expect(doc.components(separatedBy: "**Plans on the same calls, per month**").count == 2)
    #expect(doc.components(separatedBy: "**Gross margin by tier and plan**").count == 2)
    #expect(doc.contains("a month") && doc.contains("a year"))
  }

  /// Counted from the bills themselves: the proposal says nobody pays less exactly when
  /// no customer's bill under the proposed plan is below today's.
  @Test func aPlanUnderWhichNobodyPaysLessIsCalledAPriceRise() throws {
    let (doc, proposal) = try Self.document()
    let c = proposal.context
    let out = try PlanComparison(plans: c.plans, period: c.period, money: proposal.money).outcomes(
      c.plans.map(\.name), run: c.run, population: c.population)
    let recommended = try #require(PlanChoice.choose(out)).recommended
    let current = try #require(out.first)
    let best = try #require(out.first { $0.plan == recommended })
    let less = zip(best.bills, current.bills).filter { $0.total < $1.total }.count
    #expect(doc.contains("No customer pays less under '\(recommended)'") == (less == 0 && recommended != current.plan))
  }

  @Test func aWhatIfInEffectIsStatedBeforeTheQuestion() throws {
    let (doc, _) = try Self.document(["set plans.flat.fee.pro 129"])
    let whatIf = try #require(doc.range(of: "**What-if in effect:** `plans.flat.fee.pro=129`"))
    let question = try #require(doc.range(of: "**Question.**"))
    #expect(whatIf.lowerBound < question.lowerBound)
  }
}
