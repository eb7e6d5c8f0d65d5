import Foundation

/// The folder of reusable pieces (`scenarios/`): catalogs, mixes, patterns, populations.
///
/// Found, in order: an explicit path, `$METERBOOK_SCENARIOS`, a `scenarios/` folder in the
/// current directory or any parent of it, a `scenarios/` folder beside or above a given file
/// (the workbook, or the executable).
public struct ScenarioLibrary: Sendable, Hashable {
  public let root: URL

  public init(root: URL) { self.root = root }

  /// The catalog the built-in default scenario uses.
  public static let defaultCatalog = "catalog/2026-q4"

  /// Locates the library, or throws a diagnostic that says where it looked.
  public static func locate(
    explicit: String? = nil, near files: [URL] = [], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(DiagnosticsError) -> ScenarioLibrary {
    var candidates: [URL] = []
    if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
    if let env = environment["METERBOOK_SCENARIOS"], !env.isEmpty { candidates.append(URL(fileURLWithPath: env)) }
    let starts =
      [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
      + files.map {
        $0.deletingLastPathComponent()
      }
    for start in starts {
      var dir = start.standardizedFileURL
      for _ in 0..<8 {
        candidates.append(dir.appendingPathComponent("scenarios"))
        let parent = dir.deletingLastPathComponent()
        if parent.path == dir.path { break }
        dir = parent
      }
    }
    for url in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("catalog").path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return ScenarioLibrary(root: url.standardizedFileURL)
      }
    }
    throw DiagnosticsError(
      Diagnostic(
        location: SourceLocation(file: explicit ?? "scenarios", line: 1, column: 1),
        message: "cannot find the scenarios/ library (with a catalog/ folder)",
        hint: "run from the Meterbook folder, pass --scenarios DIR, or set METERBOOK_SCENARIOS"))
  }

  /// The file of piece `name` (e.g.
  ///
  /// `catalog/2026-q4`), with or without `.yaml`.
  public func url(of name: String) -> URL {
    let file = name.hasSuffix(".yaml") ? name : name + ".yaml"
    return root.appendingPathComponent(file)
  }

  /// Names of the pieces in `folder` (e.g.
  ///
  /// `mixes`), as `folder/name`, sorted.
  public func pieces(in folder: String) -> [String] {
    let dir = root.appendingPathComponent(folder)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { "\(folder)/" + $0.dropLast(5) }.sorted()
  }

  /// How a piece's path is shown in diagnostics: relative to the library's parent folder.
  public func displayPath(of name: String) -> String {
    "scenarios/" + (name.hasSuffix(".yaml") ? name : name + ".yaml")
  }

  /// Loads a catalog piece.
  public func catalog(_ name: String = ScenarioLibrary.defaultCatalog) throws(DiagnosticsError) -> ModelCatalog {
    try CatalogLoader.load(contentsOf: url(of: name), displayPath: displayPath(of: name))
  }
}
