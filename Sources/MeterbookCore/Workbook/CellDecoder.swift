/// Reads the `cells:` list: one kind per cell, references checked, ids unique.
struct CellDecoder {
  let scenarios: [String]
  let plans: [String]
  /// The catalog of each scenario that decoded, for checking the models `reprice` names.
  var catalogs: [String: ModelCatalog] = [:]

  /// A reprice cell's model references, checked once the default scenario is known.
  struct PendingReprice {
    var model: YAMLValue
    var target: YAMLValue?
    var scenario: String?
  }

  static let chartKeys = ["metric", "by", "where", "top", "type", "for", "on"]
  static let whatIfKeys = ["on", "set", "show"]
  static let exportKeys = ["file", "format"]
  static let repriceKeys = ["model", "to", "share", "input", "output", "as_of", "on"]
  static let exportFormats = ["markdown", "proposal", "json"]

  func decode(_ items: [YAMLValue], into d: inout Diagnostics) -> [Cell] {
    var cells: [Cell] = []
    var seen: [String: SourceLocation] = [:]
    var pending: [PendingReprice] = []
    defer { checkReprices(pending, cells: cells, into: &d) }
    for item in items {
      guard let entries = item.mapping(allowed: Cell.kinds + ["id"], what: "cell", into: &d) else { continue }
      let kinds = entries.filter { $0.key != "id" }
      guard kinds.count == 1, let (kind, value) = kinds.first else {
        item.error(
          "a cell has \(kinds.count) kinds; expected exactly one of: \(Cell.kinds.joined(separator: ", "))", into: &d)
        continue
      }
      guard let k = decodeKind(kind, value, pending: &pending, into: &d) else { continue }
      let explicit = entries.first { $0.key == "id" }?.value
      var id = explicit?.string(into: &d) ?? generatedID(k, index: cells.count)
      if explicit == nil {
        var n = 2
        let base = id
        while seen[id] != nil {
          id = "\(base)-\(n)"
          n += 1
        }
      } else if let first = seen[id], let explicit {
        explicit.error(
          "duplicate cell id '\(id)' (first used at \(first)); expected unique ids",
          hint: "rename one of the cells", into: &d)
        continue
      }
      seen[id] = item.location
      cells.append(Cell(id: id, kind: k, location: item.location))
    }
    return cells
  }

  func scenario(_ v: YAMLValue?, into d: inout Diagnostics) -> String?? {
    guard let v else { return .some(nil) }
    guard let name = v.string(into: &d) else { return nil }
    guard scenarios.contains(name) else {
      v.error(
        "unknown scenario '\(name)'; expected one of: \(scenarios.joined(separator: ", "))",
        hint: Suggestion.nearest(to: name, in: scenarios).map { "did you mean '\($0)'?" }, into: &d)
      return nil
    }
    return .some(name)
  }

  private func decodeKind(
    _ kind: String, _ v: YAMLValue, pending: inout [PendingReprice], into d: inout Diagnostics
  ) -> Cell.Kind? {
    switch kind {
    case "md":
      return v.string(into: &d).map(Cell.Kind.markdown)
    case "run":
      guard let s = scenario(v, into: &d), let name = s else { return nil }
      return .run(scenario: name)
    case "report": return decodeReport(v, into: &d)
    case "compare": return decodeCompare(v, into: &d)
    case "chart": return decodeChart(v, into: &d)
    case "whatif": return decodeWhatIf(v, into: &d)
    case "reprice": return decodeReprice(v, pending: &pending, into: &d)
    case "sweep":
      return sweep(v, into: &d)
    case "project": return decodeProject(v, into: &d)
    default: return decodeExport(v, into: &d)
    }
  }

  /// A `report:` cell: an analyzer name, or `{name, on}`.
  private func decodeReport(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    if case .scalar = v.node {
      return v.choice(AnalyzerName.allCases.map(\.rawValue), what: "analyzer", into: &d)
        .map { .report(analyzer: $0, scenario: nil) }
    }
    guard let f = v.fields(allowed: ["name", "on"], what: "report cell", into: &d),
      let name = f.required("name", what: "the analyzer's name", into: &d)?
        .choice(AnalyzerName.allCases.map(\.rawValue), what: "analyzer", into: &d),
      let s = scenario(f["on"], into: &d)
    else { return nil }
    return .report(analyzer: name, scenario: s)
  }

  /// A `compare:` cell: plans compared on one scenario (`{plans, on}`), or, with `scenarios:`, scenarios.
  private func decodeCompare(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    if case .mapping(let m) = v.node, m.contains(where: { $0.key.string == "scenarios" }) {
      return compareScenarios(v, into: &d)
    }
    guard let f = v.fields(allowed: ["plans", "on", "scenarios"], what: "compare cell", into: &d),
      let list = f.required("plans", what: "a list of plan names (or scenarios: a list of scenario names)", into: &d)?
        .sequence(what: "list of plans", into: &d),
      let s = scenario(f["on"], into: &d)
    else { return nil }
    var names: [String] = []
    for p in list {
      guard let n = p.string(into: &d) else { continue }
      if plans.contains(n) {
        names.append(n)
      } else {
        p.error(
          "unknown plan '\(n)'; expected one of: \(plans.joined(separator: ", "))",
          hint: Suggestion.nearest(to: n, in: plans).map { "did you mean '\($0)'?" }, into: &d)
      }
    }
    guard names.count == list.count, !names.isEmpty else { return nil }
    return .compare(plans: names, scenario: s)
  }

  /// A `chart:` cell: one or more metrics by up to two dimensions, with filters, a top N and a type.
  private func decodeChart(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    guard let f = v.fields(allowed: Self.chartKeys, what: "chart cell", into: &d) else { return nil }
    func list(_ key: String, _ allowed: [String], what: String) -> [String]? {
      guard let x = f[key] else { return nil }
      if case .scalar = x.node { return x.choice(allowed, what: what, into: &d).map { [$0] } }
      return x.sequence(what: "list", into: &d)?.compactMap { $0.choice(allowed, what: what, into: &d) }
    }
    guard let metrics = list("metric", ChartQuery.metrics, what: "metric"), !metrics.isEmpty else {
      if f["metric"] == nil {
        v.error(
          "chart has no metric; expected metric: one of \(ChartQuery.metrics.joined(separator: ", "))", into: &d)
      }
      return nil
    }
    let dims = list("by", ChartQuery.dimensions, what: "dimension") ?? []
    guard dims.count <= 2 else {
      f["by"]?.error("chart has \(dims.count) dimensions; expected one or two", into: &d)
      return nil
    }
    var filters: [String: String] = [:]
    if let w = f["where"]?.mapping(allowed: ChartQuery.dimensions, what: "chart filter", into: &d) {
      for (k, x) in w { if let s = x.string(into: &d) { filters[k] = s } }
    }
    let top = f["top"]?.int(in: 1...1000, into: &d)
    let type = f["type"]?.choice(ChartQuery.types, what: "chart type", into: &d) ?? "bar"
    let plans = list("for", plans, what: "plan") ?? []
    guard let s = scenario(f["on"], into: &d) else { return nil }
    let q = ChartQuery(metrics: metrics, dimensions: dims, filters: filters, top: top, type: type, plans: plans)
    do { try q.validate() } catch {
      v.error(error.description, into: &d)
      return nil
    }
    return .chart(q, scenario: s)
  }

  /// A `whatif:` cell: dotted paths set on a scenario, and the figures to show.
  private func decodeWhatIf(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    guard let f = v.fields(allowed: Self.whatIfKeys, what: "whatif cell", into: &d),
      let s = scenario(f["on"], into: &d)
    else { return nil }
    var overrides: [Override] = []
    if let set = f.required("set", what: "the values to change, e.g. {customers: 800}", into: &d)?
      .mapping(what: "mapping of dotted paths to values", into: &d)
    {
      for (k, x) in set {
        if let value = x.string(into: &d) {
          overrides.append(Override(path: Override.components(of: k), value: value))
        }
      }
    }
    let show = f["show"]?.sequence(what: "list of figures", into: &d)?.compactMap { $0.string(into: &d) } ?? []
    return .whatIf(base: s, overrides: overrides, show: show)
  }

  /// A `reprice:` cell; its model names are checked against the catalog once all cells are read (`pending`).
  private func decodeReprice(
    _ v: YAMLValue, pending: inout [PendingReprice], into d: inout Diagnostics
  ) -> Cell.Kind? {
    guard let f = v.fields(allowed: Self.repriceKeys, what: "reprice cell", into: &d),
      let s = scenario(f["on"], into: &d)
    else { return nil }
    let asOf = f["as_of"]?.date(into: &d)
    let model: String?
    if f["as_of"] != nil && f["model"] == nil {
      model = nil
    } else {
      guard let m = f.required("model", what: "the provider/model whose calls are repriced", into: &d)?.string(into: &d)
      else { return nil }
      model = m
    }
    let request = RepriceRequest(
      model: model, target: f["to"]?.string(into: &d), share: f["share"]?.double(in: 0...1, into: &d) ?? 1,
      input: f["input"]?.money(max: Limits.pricePerMillionTokens, into: &d),
      output: f["output"]?.money(max: Limits.pricePerMillionTokens, into: &d), asOf: asOf)
    if let m = f["model"] { pending.append(PendingReprice(model: m, target: f["to"], scenario: s)) }
    if f["to"] == nil && f["input"] == nil && f["output"] == nil && f["as_of"] == nil {
      v.error(
        "reprice cell changes nothing; expected 'to: provider/model', a new input/output price or 'as_of: DATE'",
        into: &d)
      return nil
    }
    if request.target == nil && request.input == nil && request.output == nil && request.asOf == nil { return nil }
    return .reprice(request, scenario: s)
  }

  /// An export cell: a file name, or `{file, format}`.
  private func decodeExport(_ v: YAMLValue, into d: inout Diagnostics) -> Cell.Kind? {
    if case .scalar = v.node, let file = v.string(into: &d) {
      return .export(path: file, format: ExportFormat.guess(file))
    }
    guard let f = v.fields(allowed: Self.exportKeys, what: "export cell", into: &d),
      let file = f.required("file", what: "the output file", into: &d)?.string(into: &d)
    else { return nil }
    let format = f["format"]?.choice(Self.exportFormats, what: "export format", into: &d) ?? "markdown"
    return .export(path: file, format: format)
  }

  /// Reprice cells must name models of their scenario's catalog (`on`, else the first `run`
  /// cell's scenario, else the first scenario), so `validate` catches what `run` would refuse.
  private func checkReprices(_ pending: [PendingReprice], cells: [Cell], into d: inout Diagnostics) {
    let firstRun = cells.lazy.compactMap { if case .run(let s) = $0.kind { s } else { nil } }.first
    for p in pending {
      guard let name = p.scenario ?? firstRun ?? scenarios.first, let catalog = catalogs[name] else { continue }
      for v in [p.model] + (p.target.map { [$0] } ?? []) {
        guard case .scalar(let s) = v.node, catalog.model(s.string) == nil else { continue }
        v.error(
          "unknown model '\(s.string)' in catalog '\(catalog.name)' of scenario '\(name)'; expected provider/model",
          hint: Suggestion.nearest(to: s.string, in: catalog.modelIDs).map { "did you mean '\($0)'?" }, into: &d)
      }
    }
  }

  /// A readable id from the cell's content: `run-baseline`, `report-summary`, `compare-flat-hybrid`.
  private func generatedID(_ kind: Cell.Kind, index: Int) -> String {
    switch kind {
    case .markdown: "md-\(index + 1)"
    case .run(let s): "run-\(s)"
    case .report(let a, let s): "report-\(a)" + (s.map { "-\($0)" } ?? "")
    case .compare(let p, _): "compare-" + p.joined(separator: "-")
    case .chart(let q, _): "chart-" + (q.metrics + q.dimensions).joined(separator: "-")
    case .whatIf(let b, _, _): "whatif-\(b ?? "default")"
    case .reprice(let r, _):
      "reprice-"
        + (r.model.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? r.asOf.map { "as-of-\($0)" } ?? "all")
    case .export(let path, _): "export-" + Self.fileStem(path)
    case .compareScenarios(let names, _): "compare-" + names.joined(separator: "-")
    case .project(_, let p, _): "project" + (p.isEmpty ? "" : "-" + p.joined(separator: "-"))
    case .sweep(let r): "sweep-" + r.axes.map { SweepReport.shortName($0.dottedPath) }.joined(separator: "-")
    }
  }

  /// The file name of `path` up to its first dot (`out/proposal.md` → `proposal`); empty for a path
  /// with no name in it (`/`, `a/...`), so a generated id never depends on the path being well formed.
  private static func fileStem(_ path: String) -> Substring {
    let name = path.split(separator: "/").last ?? ""
    return name.split(separator: ".").first ?? ""
  }
}
