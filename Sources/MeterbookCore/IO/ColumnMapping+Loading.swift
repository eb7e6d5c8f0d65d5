import Foundation

extension ColumnMapping {
  /// The top-level keys a mapping file may use.
  public static let options = [
    "about", "columns", "timestamp_format", "timezone", "cost", "calls", "errors", "batch", "aliases",
    "defaults",
  ]
  /// Fields read as numbers, which may take `unit`, `scale` and `plus`.
  public static let numericFields: Set<String> = [
    "input_tokens", "output_tokens", "cached_input_tokens", "cost_usd", "latency_ms", "quality_score", "calls",
    "errors",
  ]

  /// Reads `--map`'s argument: a preset name from the library's `mappings/` folder (`litellm`), or
  /// a path to a mapping YAML file.
  ///
  /// - Throws: a located diagnostic for a bad file, or for a name that is neither a file nor a
  ///   preset (with the preset names and the nearest one).
  public static func resolve(
    _ argument: String, library: ScenarioLibrary?, catalog: ModelCatalog? = nil
  ) throws(DiagnosticsError) -> ColumnMapping {
    let looksLikePath = argument.contains("/") || argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
    if !looksLikePath, let library {
      let url = library.url(of: "mappings/\(argument)")
      if FileManager.default.fileExists(atPath: url.path) {
        var m = try load(
          contentsOf: url, displayPath: library.displayPath(of: "mappings/\(argument)"), catalog: catalog)
        m.name = argument
        return m
      }
    }
    if !looksLikePath, !FileManager.default.fileExists(atPath: argument) {
      let presets = presetNames(in: library)
      throw DiagnosticsError(
        Diagnostic(
          location: SourceLocation(file: argument, line: 1, column: 1),
          message:
            "no mapping file or preset named '\(argument)'; presets: \(presets.isEmpty ? "(none found)" : presets.joined(separator: ", "))",
          hint: Suggestion.nearest(to: argument, in: presets).map { "did you mean '\($0)'?" }
            ?? "pass a preset name or the path to a mapping YAML file"))
    }
    return try load(contentsOf: URL(fileURLWithPath: argument), displayPath: argument, catalog: catalog)
  }

  /// The presets shipped in the library's `mappings/` folder.
  public static func presetNames(in library: ScenarioLibrary?) -> [String] {
    library?.pieces(in: "mappings").map { String($0.dropFirst("mappings/".count)) } ?? []
  }

  /// Reads a mapping file, with located errors (`file:line:col`, what was expected, a hint).
  ///
  /// The file is opened by `InputFile`, so a missing file, a directory, a permission problem, a
  /// link loop or bytes that are not UTF-8 are each named as such. With `catalog`, `aliases:`
  /// targets are checked against it.
  public static func load(
    contentsOf url: URL, displayPath: String? = nil, catalog: ModelCatalog? = nil
  ) throws(DiagnosticsError) -> ColumnMapping {
    let path = displayPath ?? url.path
    let text: String
    do {
      text = try InputFile.text(url, maximumBytes: YAMLSource.maximumBytes)
    } catch {
      let reason: String =
        switch error {
        case .cannotRead(_, let r), .cannotWrite(_, let r), .cannotEncode(let r): r
        case .cancelled: "cancelled"
        }
      throw DiagnosticsError(
        Diagnostic(
          location: SourceLocation(file: path, line: 1, column: 1), message: "cannot read the mapping file: \(reason)"))
    }
    var m = try load(text: text, path: path, catalog: catalog)
    m.name = path
    return m
  }

  /// Reads a mapping from YAML text; `path` names it in diagnostics.
  public static func load(text: String, path: String, catalog: ModelCatalog? = nil) throws(DiagnosticsError)
    -> ColumnMapping
  {
    let source = try YAMLSource(text: text, path: path)
    var d = Diagnostics()
    var m = ColumnMapping()
    if let root = source.root,
      let f = YAMLValue(node: root, source: source, path: "").fields(allowed: options, what: "mapping", into: &d)
    {
      m.about = f["about"]?.string(into: &d) ?? ""
      for (field, v) in f["columns"]?.mapping(allowed: CallRecord.fieldNames, what: "columns", into: &d) ?? [] {
        if v.isNull {
          m.ignored.insert(field)
        } else if let sources = sources(v, field: field, into: &d) {
          m.columns[field] = sources
        }
      }
      m.timestampFormat =
        f["timestamp_format"]?.choice(timestampFormats, what: "timestamp format", into: &d) ?? "iso8601"
      if let tz = f["timezone"], let text = tz.string(into: &d) {
        m.timezone = ImportTimeZone(text)
        if m.timezone == nil {
          tz.error(
            "unknown time zone '\(text)'; expected UTC, an offset like +02:00, or an IANA name like Europe/Berlin",
            hint: "the zone applies to timestamps written without one", into: &d)
        }
      }
      m.cost = f["cost"]?.choice(costModes, what: "cost mode", into: &d)
      if let v = f["calls"] { m.calls = sources(v, field: "calls", into: &d) }
      if let v = f["errors"] { m.errors = sources(v, field: "errors", into: &d) }
      if let v = f["batch"] { m.batch = sources(v, field: "batch", into: &d) }
      for (name, v) in f["aliases"]?.mapping(what: "aliases mapping", into: &d) ?? [] {
        guard let id = v.string(into: &d) else { continue }
        if let catalog, catalog.model(id) == nil {
          v.error(
            "alias '\(name)' names '\(id)', which catalog '\(catalog.name)' does not list; expected a provider/model id",
            hint: Suggestion.nearest(to: id, in: catalog.modelIDs).map { "did you mean '\($0)'?" }, into: &d)
          continue
        }
        m.aliases[name] = id
      }
      for (field, v) in f["defaults"]?.mapping(allowed: CallRecord.fieldNames, what: "defaults", into: &d) ?? [] {
        if let s = v.string(into: &d) { m.defaults[field] = s }
      }
    }
    guard d.isEmpty else { throw DiagnosticsError(d) }
    return m
  }

  /// A field's sources: a column name, a `{column, ...}` mapping, or a list of either.
  private static func sources(_ v: YAMLValue, field: String, into d: inout Diagnostics) -> [FieldSource]? {
    if case .sequence = v.node {
      guard let items = v.sequence(into: &d), !items.isEmpty else {
        v.error("'\(v.path)' is an empty list; expected one or more columns", into: &d)
        return nil
      }
      let parsed = items.compactMap { source($0, field: field, into: &d) }
      return parsed.count == items.count ? parsed : nil
    }
    return source(v, field: field, into: &d).map { [$0] }
  }

  private static let sourceKeys = ["column", "json", "before", "values", "unit", "scale", "plus", "optional"]

  /// One source: `column` or `{column, json, before, values, unit, scale, plus}`.
  private static func source(_ v: YAMLValue, field: String, into d: inout Diagnostics) -> FieldSource? {
    if case .scalar = v.node {
      guard let name = v.string(into: &d), !name.isEmpty else { return nil }
      return FieldSource(column: name)
    }
    guard let f = v.fields(allowed: sourceKeys, what: "column source", into: &d),
      let column = f.required("column", what: "the column to read", into: &d)?.string(into: &d)
    else { return nil }
    var s = FieldSource(column: column)
    var ok = true
    if let o = f["optional"] { s.optional = o.bool(into: &d) ?? false }
    if let j = f["json"], let text = j.string(into: &d) {
      s.json = JSONPath(text)
      if s.json == nil {
        j.error("'\(text)' is not a JSON path; expected keys joined by dots, like usage.input", into: &d)
        ok = false
      }
    }
    if let b = f["before"] {
      s.before = b.string(into: &d)
      if s.before?.isEmpty ?? true {
        b.error("'\(b.path)' is empty; expected the separator to cut at, like \",\"", into: &d)
        ok = false
      }
    }
    if let vm = f["values"] {
      for (key, target) in vm.mapping(what: "value map", into: &d) ?? [] {
        guard let t = target.string(into: &d) else {
          ok = false
          continue
        }
        if let allowed = valueTargets[field], !allowed.contains(t) {
          target.error(
            "'\(t)' is not a \(field) value; expected one of: \(allowed.joined(separator: ", "))",
            hint: Suggestion.nearest(to: t, in: allowed).map { "did you mean '\($0)'?" }, into: &d)
          ok = false
          continue
        }
        s.values[key] = t
      }
    }
    let numeric = numericFields.contains(field)
    if let u = f["unit"] {
      if let units = FieldSource.units[field] {
        if let name = u.choice(units.keys.sorted(), what: "\(field) unit", into: &d) { s.scale = units[name] }
      } else {
        u.error(
          "\(field) takes no unit; units exist for cost_usd (usd, cents, micros, nanos) and latency_ms (ms, s, us, ns)",
          hint: numeric ? "use scale: for another factor" : nil, into: &d)
        ok = false
      }
    }
    if let sc = f["scale"] {
      if !numeric {
        sc.error("\(field) is not a number; scale applies to tokens, cost, latency, quality and calls", into: &d)
        ok = false
      } else if let text = sc.string(into: &d) {
        if s.scale != nil {
          sc.error("give either unit or scale, not both", into: &d)
          ok = false
        } else if let factor = DecimalText(parsing: Array(text.utf8)), factor.digits > 0, !factor.negative {
          s.scale = factor
        } else {
          sc.error("'\(text)' is not a positive number; expected a factor like 0.01 or 1000", into: &d)
          ok = false
        }
      }
    }
    if let p = f["plus"] {
      if numeric {
        s.plus = sources(p, field: field, into: &d) ?? []
      } else {
        p.error("\(field) is not a number; plus applies to tokens, cost, latency and calls", into: &d)
        ok = false
      }
    }
    return ok ? s : nil
  }

  /// `given` reads the cost column, `compute` prices tokens with the catalog, `given_or_compute`
  /// reads the column where a row has a value and computes the others.
  public static let costModes = ["given", "compute", "given_or_compute"]

  /// The values a value map may produce, per field (fields not listed take any text).
  static let valueTargets: [String: [String]] = [
    "status": CallStatus.allCases.map(\.rawValue), "batch": ["true", "false"],
  ]
}
