import Foundation

/// The what-if loop: `set` (one value, several at once, append, remove), `unset`,
/// `rebalance`, `undo`, `snapshot`, `diff`, `overrides` and `save`. Every change re-loads the
/// workbook with the new overrides, all or nothing, shows what moved in the headline figures
/// and marks the cells whose inputs changed as stale until they run again.
extension Console {
  /// The state the what-if commands keep between commands.
  struct WhatIfState {
    /// Override lists before each change, newest last, for `undo`.
    var undo: [[Override]] = []
    /// Named states, in the order they were taken.
    var snapshots: [(name: String, overrides: [Override])] = []
    /// The overrides as last loaded or saved: anything else is unsaved.
    var saved: [Override] = []
    /// Cells whose output predates a change to their inputs.
    var stale: Set<String> = []
  }

  static let undoDepth = 100

  // MARK: set, unset, rebalance, undo

  /// `set PATH VALUE`, `set PATH+ VALUE`, `set PATH-`, or `set A=1 B=2 C-` (validated and
  /// applied together).
  func setCommand(_ args: [String], rest: String, isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session, let first = args.first else {
      return .error("usage: \(ConsoleCommand.set.usage), e.g. set plans.flat.fee.pro 129")
    }
    var changes: [Override] = []
    if first.contains("=") || (args.count > 1 && args.allSatisfy({ $0.contains("=") || $0.hasSuffix("-") }))
      || (args.count == 1 && first.hasSuffix("-"))
    {
      for word in args {
        guard let o = Override(parsing: word) else {
          return .error("'\(word)' is not an assignment; expected PATH=VALUE, PATH+=VALUE or PATH-")
        }
        changes.append(o)
      }
    } else {
      let value = rest.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
      guard args.count >= 2, let o = Override(target: first, value: value) else {
        return .error("usage: \(ConsoleCommand.set.usage), e.g. set plans.flat.fee.pro 129")
      }
      changes.append(o)
    }
    return try change(to: merging(changes, into: session.workbook.overrides), isCancelled: isCancelled)
  }

  /// The override list after `changes`: a `set` replaces earlier overrides of the same path
  /// (and of values below it); appends and removals stack.
  func merging(_ changes: [Override], into current: [Override]) -> [Override] {
    var result = current
    for c in changes {
      if c.operation == .set {
        result.removeAll { $0.operation == .set && ($0.path == c.path || $0.path.starts(with: c.path)) }
      }
      result.append(c)
    }
    return result
  }

  /// `unset PATH…` drops the overrides at those paths; `unset all` drops every override.
  func unsetCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session, !args.isEmpty else { return .error("usage: \(ConsoleCommand.unset.usage)") }
    if args == ["all"] { return try change(to: [], isCancelled: isCancelled) }
    var next = session.workbook.overrides
    for word in args {
      let target = word.split(separator: "=").first.map(String.init) ?? word
      let matches = next.filter { $0.target == target || $0.dotted == target }
      guard !matches.isEmpty else {
        let known = next.map(\.target)
        return .error(
          "no override at '\(target)'"
            + (known.isEmpty ? "; there are none" : "; overrides: \(known.joined(separator: ", "))"))
      }
      next.removeAll { $0.target == target || $0.dotted == target }
    }
    return try change(to: next, isCancelled: isCancelled)
  }

  /// `rebalance PATH VALUE`: sets one share of a group that sums to 1 and scales the others so
  /// they keep their proportions.
  func rebalanceCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session, args.count == 2 else {
      return .error(
        "usage: \(ConsoleCommand.rebalance.usage), e.g. rebalance scenarios.baseline.archetypes.heavy.share 0.15")
    }
    let group = try ShareGroup(path: args[0], in: session.workbook)
    guard let value = Double(args[1]), value.isFinite else {
      return .error("'\(args[1])' is not a share; expected a number from 0 to 1")
    }
    let changes = try group.rebalanced(to: value)
    return try change(to: merging(changes, into: session.workbook.overrides), isCancelled: isCancelled)
  }

  /// `undo`: back to the overrides before the last change.
  func undoCommand(isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let previous = whatIf.undo.last else { return .error("nothing to undo") }
    let result = try change(to: previous, isCancelled: isCancelled, remember: false)
    whatIf.undo.removeLast()
    return result
  }

  /// Re-loads with `overrides` (all or nothing), marks the affected cells stale, and shows
  /// how the headline figures of every scenario simulated so far moved.
  func change(to overrides: [Override], isCancelled: @escaping @Sendable () -> Bool, remember: Bool = true) throws
    -> Result
  {
    guard let session else { return .error("no workbook loaded") }
    let previous = session.workbook.overrides
    let scenarios = session.workbook.scenarios.map(\.name).filter { session.hasResult($0) }
    var before: [String: SeededFigures] = [:]
    for name in scenarios { before[name] = try session.figures(for: name, isCancelled: isCancelled) }
    let change = try session.reload(overrides: overrides)
    if remember && previous != overrides {
      whatIf.undo.append(previous)
      if whatIf.undo.count > Self.undoDepth { whatIf.undo.removeFirst() }
    }
    let affected = session.workbook.cells.filter { outputs[$0.id] != nil && change.affects($0) }.map(\.id)
    whatIf.stale.formUnion(affected)
    // What changed and which cells went stale is status; the figures that moved are the result.
    var status = [describe(change, overrides: overrides)]
    if !affected.isEmpty { status.append("stale: \(affected.joined(separator: ", ")) (run to refresh)") }
    var text: [String] = []
    for name in scenarios where change.scenarios.contains(name) || !change.plans.isEmpty || change.uncertaintyChanged {
      guard let old = before[name] else { continue }
      let new = try session.figures(for: name, isCancelled: isCancelled)
      if change.uncertaintyChanged {
        // Different seeds are not a change of the business: show the figures over the new seeds.
        text.append(
          render(
            Report(
              title: session.workbook.scenario(name)?.isRandom == false
                ? "\(name): real calls only, the same under every seed"
                : "\(name): over \(new.perSeed.count) seed\(new.perSeed.count == 1 ? "" : "s")",
              blocks: [.keyFigures(new.figures)])))
        continue
      }
      // Only the figures that moved: a price change shows its plan, not eleven unchanged rows.
      let moved = new.moved(from: old)
      text.append(
        moved.isEmpty
          ? "\(name): no headline figure moved"
          : render(RunSummary.delta(before: old.at(moved), after: new.at(moved), title: "\(name): what changed")))
    }
    record(session)
    return Result(output: text.joined(separator: "\n"), status: status.joined(separator: "\n"))
  }

  private func describe(_ change: WorkbookSession.Change, overrides: [Override]) -> String {
    if change.isEmpty {
      return "nothing changed (\(overrides.count) override\(overrides.count == 1 ? "" : "s") in effect)"
    }
    var what: [String] = []
    if !change.scenarios.isEmpty {
      what.append(
        "scenario\(change.scenarios.count == 1 ? "" : "s") " + change.scenarios.sorted().joined(separator: ", "))
    }
    if !change.plans.isEmpty {
      what.append("plan\(change.plans.count == 1 ? "" : "s") " + change.plans.sorted().joined(separator: ", "))
    }
    if change.cellsChanged { what.append("cells") }
    if change.budgetsChanged { what.append("budgets and alerts") }
    if change.assumptionsChanged { what.append("assumptions") }
    if change.uncertaintyChanged { what.append("seeds") }
    return "changed: " + what.joined(separator: "; ")
  }

  // MARK: snapshot, diff, overrides

  /// `snapshot NAME` names the current state; `snapshot` lists the named states.
  func snapshotCommand(_ args: [String]) -> Result {
    guard let session else { return .error("no workbook loaded") }
    guard let name = args.first else {
      if whatIf.snapshots.isEmpty { return Result(output: "no snapshots; snapshot NAME names the current state") }
      return Result(
        output: whatIf.snapshots.map {
          "\($0.name): "
            + ($0.overrides.isEmpty ? "the file as written" : $0.overrides.map(\.description).joined(separator: ", "))
        }
        .joined(separator: "\n"))
    }
    guard args.count == 1, name != "current", name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
    else {
      return .error(
        "usage: \(ConsoleCommand.snapshot.usage); names use letters, digits, - _ . and 'current' is the live state")
    }
    whatIf.snapshots.removeAll { $0.name == name }
    whatIf.snapshots.append((name, session.workbook.overrides))
    return .status(
      "snapshot \(name): \(session.workbook.overrides.count) override\(session.workbook.overrides.count == 1 ? "" : "s")"
    )
  }

  /// `diff` (the last two runs), `diff A` (snapshot A against now) or `diff A B`, optionally
  /// `on SCENARIO`.
  func diffCommand(_ args: [String], isCancelled: @escaping @Sendable () -> Bool) throws -> Result {
    guard let session else { return .error("no workbook loaded") }
    let (names, on) = try splitOn(args)
    if names.isEmpty && on == nil {
      guard history.count >= 2 else {
        return .error("diff needs two runs, or snapshots: snapshot NAME, change something, then diff NAME")
      }
      let (a, b) = (history[history.count - 2], history[history.count - 1])
      return Result(
        output: render(RunSummary.delta(before: a.figures, after: b.figures, title: "\(b.label) against \(a.label)")))
    }
    guard (1...2).contains(names.count), let scenario = on ?? session.defaultScenario else {
      return .error("usage: \(ConsoleCommand.diff.usage); name a snapshot to compare on a scenario")
    }
    let states = try (names + (names.count == 1 ? ["current"] : [])).map { name -> (String, [Override]) in
      if name == "current" { return (name, session.workbook.overrides) }
      guard let s = whatIf.snapshots.last(where: { $0.name == name }) else {
        let known = whatIf.snapshots.map(\.name) + ["current"]
        throw ConsoleError(
          "unknown snapshot '\(name)'; expected one of: \(known.joined(separator: ", "))"
            + (Suggestion.nearest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""))
      }
      return (name, s.overrides)
    }
    let a = try session.figures(for: scenario, overrides: states[0].1, isCancelled: isCancelled)
    let b = try session.figures(for: scenario, overrides: states[1].1, isCancelled: isCancelled)
    return Result(
      output: render(RunSummary.delta(before: a, after: b, title: "\(scenario): \(states[1].0) against \(states[0].0)"))
    )
  }

  /// The overrides in effect, whether they are saved, and the snapshots.
  func overridesCommand() -> Result {
    guard let session else { return .error("no workbook loaded") }
    let o = session.workbook.overrides
    var lines = o.isEmpty ? ["no overrides: the workbook as written"] : o.map(\.description)
    if hasUnsavedOverrides {
      lines.append("(\(o.count) override\(o.count == 1 ? "" : "s") not saved; save NAME writes them to a new workbook)")
    }
    if !whatIf.snapshots.isEmpty { lines.append("snapshots: " + whatIf.snapshots.map(\.name).joined(separator: ", ")) }
    return Result(output: lines.joined(separator: "\n"))
  }

  /// Whether the overrides differ from what was loaded or last saved.
  public var hasUnsavedOverrides: Bool {
    guard let session else { return false }
    return !session.workbook.overrides.isEmpty && session.workbook.overrides != whatIf.saved
  }

  // MARK: save

  /// `save NAME` writes the workbook with the overrides written into it as a new file beside
  /// it (`STEM-NAME.yaml`, or NAME itself when it ends in .yaml); never over an existing file.
  func saveCommand(_ args: [String]) throws -> Result {
    guard let session, let url = session.url else { return .error("no workbook file to save beside") }
    guard let name = args.first, args.count == 1 else { return .error("usage: \(ConsoleCommand.save.usage)") }
    let target: URL
    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      target = URL(fileURLWithPath: name, relativeTo: url.deletingLastPathComponent())
    } else {
      guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
        return .error("save names use letters, digits, - and _ (or give a file name ending in .yaml)")
      }
      target = url.deletingLastPathComponent().appendingPathComponent(
        url.deletingPathExtension().lastPathComponent + "-" + name + ".yaml")
    }
    let header =
      "# Saved by meterbook from \(url.lastPathComponent)"
      + (session.workbook.overrides.isEmpty
        ? "" : " with: " + session.workbook.overrides.map(\.description).joined(separator: " ")) + "\n"
    let text = try session.bakedText(header: header)
    try AtomicFile.write(text, to: target, replacing: false)
    whatIf.saved = session.workbook.overrides
    return .status(
      "wrote \(target.relativePath) (\(session.workbook.overrides.count) override\(session.workbook.overrides.count == 1 ? "" : "s") written in); load it to continue from there"
    )
  }
}
