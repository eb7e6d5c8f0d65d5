import Foundation
import MeterbookCore
import Testing

/// The examples in `specs/*.md` are run: every ```console block is a session whose
/// `meterbook> COMMAND` lines run in one console (from the repository root) and whose
/// `$ meterbook ARGS` lines run the binary; each line under a command must appear in that
/// command's output, in order (as a substring of a line, so long lines may be shortened).
@Suite struct SpecExampleTests {
  struct Step {
    var command: String
    var expected: [String]
  }

  /// The ```console blocks of a spec, as steps.
  static func blocks(in file: String) throws -> [[Step]] {
    let text = try String(contentsOf: Binary.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
    var blocks: [[Step]] = []
    var steps: [Step] = []
    var inBlock = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line == "```console" {
        (inBlock, steps) = (true, [])
      } else if line == "```" && inBlock {
        blocks.append(steps)
        inBlock = false
      } else if inBlock {
        if line.hasPrefix("meterbook> ") || line.hasPrefix("$ meterbook ") {
          steps.append(Step(command: line, expected: []))
        } else if !line.isEmpty, !steps.isEmpty {
          steps[steps.count - 1].expected.append(line)
        }
      }
    }
    return blocks
  }

  /// Whether each expected line is part of a line of `output`, in order.
  static func unmatched(_ expected: [String], in output: String) -> String? {
    var lines = output.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for e in expected {
      guard let i = lines.firstIndex(where: { $0.contains(e) }) else { return e }
      lines = lines[(i + 1)...]
    }
    return nil
  }

  static let specs = ["specs/repl.md", "specs/workbook-format.md"]

  @Test(arguments: specs) func consoleExamplesRunAsWritten(_ spec: String) throws {
    let blocks = try Self.blocks(in: spec)
    #expect(!blocks.isEmpty, "\(spec) has no console example")
    for block in blocks {
      let console = Console(width: 100)
      for step in block {
        let output: String
        if step.command.hasPrefix("meterbook> ") {
          // Paths in examples are relative to the repository root.
          let command = String(step.command.dropFirst("meterbook> ".count))
            .replacingOccurrences(of: " workbooks/", with: " \(Binary.repositoryRoot.path)/workbooks/")
          // As the interactive REPL shows a result: the status, then the output.
          let r = console.execute(command)
          output = [r.status, r.output].filter { !$0.isEmpty }.joined(separator: "\n")
        } else {
          let r = try Binary.run(splitWords(String(step.command.dropFirst("$ meterbook ".count))))
          output = r.stdout + "\n" + r.stderr
        }
        let missing = Self.unmatched(step.expected, in: output)
        #expect(
          missing == nil,
          "\(spec): `\(step.command)` printed no line containing \"\(missing ?? "")\"; it printed:\n\(output)")
      }
    }
  }
}
