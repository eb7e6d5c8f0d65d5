import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The headless subcommands and the script channels: results alone on stdout, status on
/// stderr, numbers as numbers in CSV and JSON, the same answers as the REPL.
@Suite(.serialized)
struct HeadlessTests {
  static let book = "workbooks/pricing-whatif.yaml"

  @Test func headlessCompareCSVHasWholeRowsOfPlainNumbersAndStatusOnStderr() throws {
    let r = try Binary.run(["compare", Self.book, "--plans", "flat,usage,hybrid", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("loaded workbooks/pricing-whatif.yaml"))
    #expect(
      r.stdout.hasPrefix(
        "plan,revenue_usd,margin_usd,margin_pct,negative_margin_customers,negative_margin_usd,top_10_share_pct,revenue_after_churn_usd,margin_after_churn_usd\n"
      ))
    #expect(!r.stdout.contains("$") && !r.stdout.contains("loaded"))
    let blocks = r.stdout.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
    #expect(blocks.count >= 3)
    for block in blocks {
      let rows = block.split(separator: "\n").map { CSV.fields(String($0)) }
      let header = try #require(rows.first)
      #expect(rows.count > 1, "\(block)")
      for row in rows.dropFirst() {
        #expect(row.count == header.count, "\(row) against \(header)")
        for (key, field) in zip(header, row) where CSV.isNumericKey(key) {
          #expect(Double(field) != nil, "\(key) = '\(field)'")
        }
      }
    }
  }

  @Test func headlessCompareJSONParsesWithNumbersAsNumbers() throws {
    let r = try Binary.run(["compare", Self.book, "--plans", "flat,usage", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("loaded workbooks/pricing-whatif.yaml"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let report = try #require((object["cells"] as? [[String: Any]])?.first?["report"] as? [String: Any])
    let tables = (report["blocks"] as? [[String: Any]] ?? []).compactMap { $0["table"] as? [String: Any] }
    #expect(tables.count >= 2)
    let plans = try #require(tables.first?["rows"] as? [[String: Any]])
    #expect(plans.map { $0["plan"] as? String } == ["flat", "usage"])
    for row in tables.flatMap({ $0["rows"] as? [[String: Any]] ?? [] }) {
      for (key, value) in row where CSV.isNumericKey(key) {
        #expect(value is NSNumber && !(value is String), "\(key) = \(value)")
      }
    }
    #expect(plans.first?["revenue_usd"] is NSNumber && plans.first?["negative_margin_customers"] is NSNumber)
  }

  @Test func setOverridesApplyBeforeTheCommandRuns() throws {
    let r = try Binary.run([
      "compare", Self.book, "--plans", "flat", "--set", "scenarios.baseline.customers=30", "--format", "csv",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("flat,2500,") == true, "\(r.stdout)")
    let bad = try Binary.run(["compare", Self.book, "--plans", "flat", "--set", "scenarios.baseline.custmers=30"])
    #expect(bad.status == 1 && bad.stderr.contains("did you mean 'customers'?") && bad.stdout.isEmpty)
  }

  @Test func aFailedCommandExitsOneWithItsErrorOnStderr() throws {
    let r = try Binary.run(["exec", Self.book, "compare flat nope; mode"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: unknown plan 'nope'"))
    #expect(r.stdout == "mode markdown\n")  // the command after the failure still ran
  }

  @Test func dashCModeCSVGoesToStderrOnly() throws {
    let r = try Binary.run(["-c", "mode csv; compare flat usage", Self.book])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stdout.contains("mode csv") && r.stderr.contains("mode csv\n"))
    #expect(r.stdout.hasPrefix("plan,revenue_usd,"))
    #expect(!r.stdout.contains("loaded"))
  }

  @Test func settingsAlonePrintTheirValues() throws {
    let r = try Binary.run(["-c", "mode; width; seed; timer; timer on; timer; mode", Self.book, "--width", "100"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "mode text\nwidth 100\nseed 42\ntimer off\ntimer on\nmode text\n")
    #expect(r.stderr.contains("timer on\n") && r.stderr.contains(" ms)"))
    let auto = try Binary.run(["-c", "width", Self.book], environment: ["COLUMNS": "123"])
    #expect(auto.stdout == "width auto (123)\n")
  }

  @Test func semicolonsSplitPipedLinesExceptInsideQuotes() throws {
    let r = try Binary.run([Self.book, "--width", "100"], input: "width 80; width 90\nwidth\nhelp \"mode; width\"\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasSuffix("width 80\nwidth 90\n"))
    #expect(
      r.stdout == "width 90\nunknown command 'mode; width'; did you mean 'mode'?\n"
        || r.stdout.hasPrefix("width 90\nunknown command 'mode; width'"), "\(r.stdout)")
  }

  @Test func everyDotFormWorksFromTheCommandLine() throws {
    let r = try Binary.run([
      "-c", ".mode csv; .width 80; .timer; .seed; .mode; .width; .overrides; .cells; .help seed; .quit; width 90",
      Self.book,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("mode csv\nwidth 80\n") && !r.stderr.contains("width 90"))
    #expect(
      r.stdout.hasPrefix(
        "timer off\nseed 42\nmode csv\nwidth 80\nno overrides: the workbook as written\nid,kind,run\n"), "\(r.stdout)")
    #expect(r.stdout.contains("seed [N]\n"))
    let help = try Binary.run(["-c", ".help"])
    #expect(help.stdout.contains("leading dot (.mode, .timer, .width, .help, .quit, .run"))
  }

  @Test func ctrlCDuringAHeadlessCommandExitsOneThirtyAtOnce() throws {
    let f = try Folder()
    let book = Binary.repositoryRoot.appendingPathComponent(Self.book).path
    let child = try Child(["exec", book, "run run-baseline", "--set", "scenarios.baseline.customers=4000"], in: f.url)
    let deadline = Date().addingTimeInterval(60)
    while !child.errorText.contains("loaded ") && Date() < deadline { usleep(20_000) }
    usleep(300_000)  // inside the simulation, which polls the flag
    let sent = Date()
    child.signal(SIGINT)
    #expect(child.wait() == 130, "\(child.errorText)")
    #expect(Date().timeIntervalSince(sent) < 2)
    #expect(child.outputText.isEmpty)
  }

  /// The same line through the REPL (`-c`) and through each headless subcommand.
  @Test(arguments: [
    (["report", "summary", book], "report summary"),
    (["report", "profitability", book, "--on", "baseline"], "report profitability on baseline"),
    (["chart", book, "cost", "by", "tier"], "chart cost by tier"),
    (
      ["chart", book, "calls", "by", "provider,", "tier", "top", "3", "as", "table"],
      "chart calls by provider, tier top 3 as table"
    ),
    (["compare", book, "--plans", "flat,usage"], "compare flat usage"),
    (
      ["exec", book, "run run-baseline; compare flat tiered; snapshot a; set plans.flat.fee.pro 129; diff a"],
      "run run-baseline; compare flat tiered; snapshot a; set plans.flat.fee.pro 129; diff a"
    ),
  ])
  func headlessCommandsPrintWhatTheREPLPrints(headless: [String], line: String) throws {
    let env = ["NO_COLOR": "1"]
    let repl = try Binary.run(["-c", line, Self.book, "--width", "100"], environment: env)
    let direct = try Binary.run(headless + ["--format", "text", "--width", "100"], environment: env)
    #expect(repl.status == 0 && direct.status == 0, "\(repl.stderr)\(direct.stderr)")
    #expect(!direct.stdout.isEmpty)
    #expect(direct.stdout == repl.stdout)
  }

  @Test func headlessSweepRunsTheConsoleSweep() throws {
    let r = try Binary.run([
      "sweep", Self.book, "scenarios.baseline.customers", "100", "400", "--steps", "4", "--show", "AI cost,margin.flat",
      "--format", "csv",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("loaded workbooks/pricing-whatif.yaml"))
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let header = try #require(lines.first.map { CSV.fields(String($0)) })
    #expect(header.contains("ai_cost_usd"), "\(header)")
    let rows = lines.dropFirst().prefix { !$0.isEmpty }.map { CSV.fields(String($0)) }
    #expect(rows.count == 4, "\(r.stdout)")
    #expect(rows.first?.first == "100" && rows.last?.first == "400")
    for row in rows {
      #expect(row.count == header.count)
      for (key, field) in zip(header, row) where CSV.isNumericKey(key) {
        #expect(Double(field) != nil, "\(key) = '\(field)'")
      }
    }
    #expect(!r.stdout.contains("$"))
  }
}

/// Just enough CSV reading for the tests: quoted fields with doubled quotes.
enum CSV {
  static func fields(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" {
          if chars.first == "\"" {
            current.append("\"")
            chars = chars.dropFirst()
          } else {
            quoted = false
          }
        } else {
          current.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        out.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    out.append(current)
    return out
  }

  /// Columns that hold numbers in the compare output: unit keys and the counts.
  static func isNumericKey(_ key: String) -> Bool {
    key.hasSuffix("_usd") || key.hasSuffix("_pct") || key.hasSuffix("_ms")
      || ["negative_margin_customers", "customers", "pay_more", "pay_less", "count", "calls"].contains(key)
  }
}
