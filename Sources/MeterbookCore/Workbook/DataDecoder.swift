import Foundation

/// Reads a scenario's `data: {file, map, customer_tiers}`: imports the usage CSV (relative to
/// the workbook) with the mapping `--map` would take, and applies the customer → tier mapping.
///
/// `data: {cube: FILE}` reads a usage cube instead, through the `cube` preset.
///
/// Every problem is located at the key that causes it: a file that cannot be read or
/// imported at `file:`, an unknown preset at `map:` (with the presets and the nearest one),
/// a customer the data lacks or a tier no plan names at its entry in `customer_tiers:`.
struct DataDecoder {
  static let keys = ["file", "cube", "map", "customer_tiers"]

  let library: ScenarioLibrary
  /// The folder `file:` and a mapping file's path are relative to: the workbook's.
  let directory: URL
  /// How `directory` is named in hints.
  var directoryName = "the workbook's folder"
  /// The tiers the workbook's plans name (fee keys and `tiers:` keys); empty without plans.
  let planTiers: Set<String>
  let cache: UsageDataCache
  /// The memory the calls may take; a file past it is kept as sums.
  let budget: MemoryBudget

  func decode(
    _ node: MergedNode, catalog: ModelCatalog, newCustomers: Int, into d: inout Diagnostics
  ) -> UsageData? {
    // Problems are gathered apart: a scenario that extends this one reports the same ones,
    // which `Diagnostics` keeps once, so a count of `d` would not tell whether this one failed.
    var problems = Diagnostics()
    let data = decode(node, catalog: catalog, newCustomers: newCustomers, problems: &problems)
    d.append(contentsOf: problems)
    return problems.isEmpty ? data : nil
  }

  private func decode(
    _ node: MergedNode, catalog: ModelCatalog, newCustomers: Int, problems d: inout Diagnostics
  ) -> UsageData? {
    guard let f = node.fields(allowed: Self.keys, what: "data", into: &d) else { return nil }
    guard let fileNode = f["file"] ?? f["cube"] else {
      f.owner.error(
        "missing key 'file'; expected the usage CSV (or cube: a usage cube CSV), relative to the workbook", into: &d)
      return nil
    }
    if f["file"] != nil, let cube = f["cube"] {
      cube.value.error("data takes file: or cube:, not both; expected one of them", into: &d)
    }
    if f["cube"] != nil, let mapNode = f["map"] {
      mapNode.value.error(
        "a cube is read by its own columns; map: applies to file:", hint: "remove map:, or read calls with file:",
        into: &d)
    }
    guard let fileValue = fileNode.scalar(what: "a file name", into: &d), let file = fileValue.string(into: &d)
    else { return nil }
    let mapValue = f["map"]?.scalar(what: "a preset name or a mapping file", into: &d)
    let map = f["cube"] != nil ? UsageCube.mappingPreset : mapValue?.string(into: &d)
    let mapping = map.flatMap { resolveMapping($0, at: mapValue, catalog: catalog, into: &d) } ?? ColumnMapping()
    let tierEntries = f["customer_tiers"]?.named(what: "mapping of customer id → tier", into: &d) ?? []
    guard d.isEmpty else { return nil }
    let url = resolved(file)
    let shown = Self.shown(url)
    guard let sha256 = Digest.sha256(fileAt: url) else {
      fileValue.error(
        "cannot read usage data '\(shown)': \(Self.reason(url))", hint: "a relative path is read from \(directoryName)",
        into: &d)
      return nil
    }
    let key = UsageDataCache.Key(sha256: sha256, mapping: mapping, catalog: catalog)
    let imported: UsageDataCache.Entry
    if let hit = cache.value(key) {
      imported = hit
    } else {
      do throws(UsageImporter.ImportError) {
        imported = try importing(url, shown: shown, catalog: catalog, mapping: mapping, cube: f["cube"] != nil)
      } catch {
        fileValue.error("cannot import usage data: \(error.description)", into: &d)
        return nil
      }
      cache.store(key, imported)
    }
    if case .sums(let digest) = imported.content, digest.grain > .day {
      fileValue.error(
        "usage data '\(shown)' would not fit the memory budget as calls, and its sums cannot be kept by day: "
          + UsageDigest.coarseReason(digest, needs: .day),
        hint: "a data scenario reads cells by day at least; take a part of the file (e.g. one month)", into: &d)
      return nil
    }
    var data = UsageData(
      file: file, path: shown, mapping: map, sha256: sha256, newCustomers: newCustomers, content: imported.content,
      summary: imported.summary)
    guard data.callCount > 0 else {
      fileValue.error(
        "usage data '\(shown)' has no usable rows (\(imported.summary.description.split(separator: "\n")[0]))",
        hint: map == nil ? "name the export's layout with map: (a preset such as litellm, or a mapping file)" : nil,
        into: &d)
      return nil
    }
    var tiers: [String: String] = [:]
    let customers = data.dimensions.customers
    let known = Set(customers)
    for e in tierEntries {
      guard let tierValue = e.value.scalar(what: "a tier name", into: &d), let tier = tierValue.string(into: &d)
      else { continue }
      if e.key != "*" && !known.contains(e.key) {
        e.keyNode.error(
          "customer '\(e.key)' is not in '\(file)'; expected one of its \(customers.count) customers or *",
          hint: Suggestion.nearest(to: e.key, in: customers).map { "did you mean '\($0)'?" }, into: &d)
      }
      if !planTiers.isEmpty && !planTiers.contains(tier) {
        tierValue.error(
          "unknown tier '\(tier)'; expected a tier the plans name: \(planTiers.sorted().joined(separator: ", "))",
          hint: Suggestion.nearest(to: tier, in: planTiers).map { "did you mean '\($0)'?" }
            ?? "add '\(tier)' to a plan's fee, or map the customer to one of the plans' tiers", into: &d)
      }
      tiers[e.key] = tier
    }
    guard let tiered = UsageData.applying(tiers: tiers, to: data.content) else {
      node.origin.error("customer_tiers gives the calls more than \(Limits.tiers) tiers; expected fewer", into: &d)
      return nil
    }
    guard d.isEmpty else { return nil }
    data.customerTiers = tiers
    data.content = tiered
    return data
  }

  /// The calls of `url`, or their sums when the calls would not fit `budget`.
  ///
  /// The fit is judged from the file's size before reading, as `analyze` judges it. A usage
  /// cube is always read as calls: each of its rows expands into calls, which the budget
  /// checks as the import goes.
  private func importing(
    _ url: URL, shown: String, catalog: ModelCatalog, mapping: ColumnMapping, cube: Bool
  ) throws(UsageImporter.ImportError) -> UsageDataCache.Entry {
    var importer = UsageImporter(catalog: catalog, mapping: mapping)
    importer.budget = budget
    guard !cube, importer.memoryShortfall(url, displayPath: shown) != nil else {
      let (run, summary) = try importer.read(contentsOf: url, displayPath: shown)
      return (.calls(run), summary)
    }
    let (digest, summary) = try importer.digest(contentsOf: url, displayPath: shown)
    return (.sums(digest), summary)
  }

  /// `path` relative to the workbook's folder (an absolute path as is).
  private func resolved(_ path: String) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path, relativeTo: directory)
  }

  /// A preset name, or a mapping file relative to the workbook; a name that is neither is
  /// reported at `map:` (the mapping file's own problems stay located in that file).
  private func resolveMapping(_ map: String, at value: YAMLValue?, catalog: ModelCatalog, into d: inout Diagnostics)
    -> ColumnMapping?
  {
    let isPreset = FileManager.default.fileExists(atPath: library.url(of: "mappings/\(map)").path)
    let argument = isPreset || map.hasPrefix("/") ? map : resolved(map).relativePath
    do throws(DiagnosticsError) {
      return try ColumnMapping.resolve(argument, library: library, catalog: catalog)
    } catch {
      for diagnostic in error.diagnostics.items {
        if diagnostic.location.file == argument, let value {
          value.error(diagnostic.message, hint: diagnostic.hint, into: &d)
        } else {
          d.append(diagnostic)
        }
      }
      return nil
    }
  }

  /// `url` as the user sees it: relative to the current folder when inside it, else absolute.
  private static func shown(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path + "/"
    return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
  }

  /// Why `url` cannot be read, in words.
  private static func reason(_ url: URL) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return "no such file" }
    return isDirectory.boolValue ? "it is a folder" : "not a readable regular file"
  }
}
