/// Several commands on one line, separated by `;` — typed at the prompt, piped, given to
/// `-c` or to `meterbook exec`.
///
/// A `;` inside quotes belongs to its word, so
/// `set a.b "x; y"` stays one command; a line starting with `#` is a comment, whole.
public func splitCommands(_ line: String) -> [String] {
  if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return [line] }
  var commands: [String] = []
  var current = ""
  var quote: Character?
  for c in line {
    if let q = quote {
      if c == q { quote = nil }
    } else if c == "\"" || c == "'" {
      quote = c
    } else if c == ";" {
      commands.append(current)
      current = ""
      continue
    }
    current.append(c)
  }
  commands.append(current)
  return commands.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

extension Console {
  /// What running a line of commands came to.
  public struct SequenceOutcome: Sendable, Equatable {
    /// Every command succeeded.
    public var ok: Bool
    /// A command asked to quit; the commands after it did not run.
    public var quit: Bool
  }

  /// Runs the `;`-separated commands of `line` in order, each all-or-nothing on its own,
  /// and hands each result to `emit` as soon as it is ready.
  ///
  /// A failed command does not stop
  /// the ones after it (as in a shell); `quit` and a cancellation do. `prepare` runs before
  /// each command (the executable re-reads the terminal width there under `width auto`).
  @discardableResult
  public func executeEach(
    _ line: String, isCancelled: @escaping @Sendable () -> Bool = { false }, prepare: () -> Void = {},
    emit: (Result) -> Void
  ) -> SequenceOutcome {
    var outcome = SequenceOutcome(ok: true, quit: false)
    for command in splitCommands(line) {
      if isCancelled() { break }
      prepare()
      let r = execute(command, isCancelled: isCancelled)
      emit(r)
      outcome.ok = outcome.ok && r.ok
      if r.quit {
        outcome.quit = true
        break
      }
    }
    return outcome
  }
}
