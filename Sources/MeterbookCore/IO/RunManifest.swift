import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The record that sits beside every export (`FILE.manifest.json`): what produced the file,
/// from which inputs (with their SHA-256), and the SHA-256 of each output, sealed by a chain
/// hash over all of it — so editing the output, or the manifest, breaks verification.
///
/// `meterbook verify` re-checks the hashes and, when the inputs are present, reproduces
/// the output and compares bytes.
public struct RunManifest: Codable, Sendable, Hashable {
  public struct Input: Codable, Sendable, Hashable {
    public var role: String
    public var path: String
    public var sha256: String
    public init(role: String, path: String, sha256: String) {
      self.role = role
      self.path = path
      self.sha256 = sha256
    }
  }
  public struct Output: Codable, Sendable, Hashable {
    public var path: String
    public var sha256: String
    public var bytes: Int
  }
  /// How to reproduce the output: the command and its arguments.
  public struct Recipe: Codable, Sendable, Hashable {
    /// `simulate`, `convert`, `export` (a workbook run's document).
    public var command: String
    public var format: String
    public var workbook: String?
    public var scenario: String?
    public var input: String?
    public var overrides: [String] = []
    public var seed: UInt64?
    public var customers: Int?
    public var days: Int?
    public var start: String?
    public var options: [String: String] = [:]

    public init(
      command: String, format: String, workbook: String? = nil, scenario: String? = nil, input: String? = nil,
      overrides: [String] = [], seed: UInt64? = nil, customers: Int? = nil, days: Int? = nil, start: String? = nil,
      options: [String: String] = [:]
    ) {
      self.command = command
      self.format = format
      self.workbook = workbook
      self.scenario = scenario
      self.input = input
      self.overrides = overrides
      self.seed = seed
      self.customers = customers
      self.days = days
      self.start = start
      self.options = options
    }
  }

  public var tool = "meterbook"
  public var version = MeterbookVersion.current
  public var recipe: Recipe
  public var catalog: String?
  public var catalogPriceDate: String?
  public var inputs: [Input]
  public var rows: Int
  public var outputs: [Output]
  /// SHA-256 chaining every field above: `h₀ = sha256(recipe+inputs)`, `hᵢ = sha256(hᵢ₋₁ + outputᵢ)`.
  public var chain: String

  public init(recipe: Recipe, catalog: ModelCatalog?, inputs: [Input], rows: Int, outputs: [Output]) {
    self.recipe = recipe
    self.catalog = catalog?.name
    self.catalogPriceDate = catalog?.priceDate
    self.inputs = inputs
    self.rows = rows
    self.outputs = outputs
    self.chain = ""
    self.chain = computeChain()
  }

  /// The chain hash of the current contents (not counting `chain` itself).
  public func computeChain() -> String {
    var copy = self
    copy.chain = ""
    copy.outputs = []
    var h = Digest.sha256(RunManifest.encode(copy))
    for o in outputs { h = Digest.sha256(h + o.path + o.sha256 + String(o.bytes)) }
    return h
  }

  static func encode(_ m: RunManifest) -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? e.encode(m)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  public var json: String { RunManifest.encode(self) + "\n" }

  /// Where the manifest of `output` lives.
  public static func url(for output: URL) -> URL { output.appendingPathExtension("manifest.json") }

  /// Writes `bytes` to `output` atomically and the manifest beside it (see
  /// `export(to:recipe:catalog:inputs:rows:isCancelled:write:)` for the pair guarantee; a
  /// destination that is not a regular file is written through without a manifest).
  @discardableResult
  public static func export(
    _ bytes: [UInt8], to output: URL, recipe: Recipe, catalog: ModelCatalog?, inputs: [Input], rows: Int,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws(IOError) -> RunManifest {
    do {
      return try export(
        to: output.path, recipe: recipe, catalog: catalog, inputs: inputs, rows: rows, isCancelled: isCancelled
      ) { sink in
        try sink.write(bytes)
      }.manifest
    } catch let e as IOError {
      throw e
    } catch {
      throw IOError.cannotWrite(path: output.path, reason: "\(error)")
    }
  }

  /// Problems `verify` finds.
  public enum Finding: Equatable, CustomStringConvertible, Sendable {
    case chainBroken
    case outputChanged(path: String)
    case outputMissing(path: String)
    case inputChanged(role: String, path: String)
    case reproductionDiffers(path: String)

    public var description: String {
      switch self {
      case .chainBroken: "the manifest's chain hash does not match its contents: the manifest was edited"
      case .outputChanged(let p):
        "\(p): the manifest describes other bytes (SHA-256 or size differ): the file was changed after export, or the export was interrupted or raced; re-run the export"
      case .outputMissing(let p):
        "\(p): missing, though its manifest is there: the export was interrupted or the file was removed; re-run the export"
      case .inputChanged(let role, let p): "\(role) \(p) changed since the export; cannot reproduce it"
      case .reproductionDiffers(let p): "\(p): re-running the recipe gives different bytes"
      }
    }
  }

  /// Why a manifest could not be read for `verify`.
  public enum LoadError: Error, Equatable, CustomStringConvertible {
    case missing(manifest: String, output: String)
    case unreadable(manifest: String, reason: String)
    public var description: String {
      switch self {
      case .missing(let m, let o):
        "no manifest at \(m): the export of \(o) was interrupted before its manifest was published, or \(o) is not a Meterbook export; re-run the export"
      case .unreadable(let m, let reason): "cannot read the manifest \(m): \(reason)"
      }
    }
  }

  /// Reads the manifest of `file` (an export or a `.manifest.json`) and checks its hashes,
  /// opening both files under a shared `FolderLock` so a concurrent export cannot publish
  /// between the two reads.
  public static func check(_ file: URL) throws(LoadError) -> (RunManifest, [Finding]) {
    let manifestURL = file.path.hasSuffix(".manifest.json") ? file : url(for: file)
    let folder = manifestURL.deletingLastPathComponent()
    let lock = try? FolderLock(folder, exclusive: false)
    let manifestData: Data
    var outputs: [String: FileHandle] = [:]
    do {
      defer { lock?.release() }
      guard let handle = FileHandle(forReadingAtPath: manifestURL.path) else {
        var info = stat()
        if lstat(manifestURL.path, &info) != 0 && errno == ENOENT {
          let output =
            manifestURL.path.hasSuffix(".manifest.json")
            ? String(manifestURL.path.dropLast(".manifest.json".count)) : file.path
          throw LoadError.missing(manifest: manifestURL.path, output: output)
        }
        throw LoadError.unreadable(manifest: manifestURL.path, reason: SystemReason.describe(errno))
      }
      manifestData = (try? handle.readToEnd()) ?? Data()
      try? handle.close()
      if let m = try? JSONDecoder().decode(RunManifest.self, from: manifestData) {
        for o in m.outputs {
          var info = stat()
          let p = folder.appendingPathComponent(o.path).path
          if stat(p, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let h = FileHandle(forReadingAtPath: p) {
            outputs[o.path] = h
          }
        }
      }
    }
    guard let manifest = try? JSONDecoder().decode(RunManifest.self, from: manifestData) else {
      throw LoadError.unreadable(
        manifest: manifestURL.path, reason: "not a Meterbook manifest (invalid JSON or fields)")
    }
    var findings: [Finding] = manifest.computeChain() == manifest.chain ? [] : [.chainBroken]
    for o in manifest.outputs {
      guard let h = outputs[o.path] else {
        findings.append(.outputMissing(path: o.path))
        continue
      }
      let hashing = HashingSink(DiscardSink())
      var total = 0
      while let chunk = try? h.read(upToCount: 4 << 20), !chunk.isEmpty {
        chunk.withUnsafeBytes { b in try? hashing.write(b) }
        total += chunk.count
      }
      try? h.close()
      if hashing.hex != o.sha256 || total != o.bytes { findings.append(.outputChanged(path: o.path)) }
    }
    return (manifest, findings)
  }

  /// Checks the chain and each output's bytes in `folder`.
  public func verifyHashes(in folder: URL) -> [Finding] {
    var findings: [Finding] = computeChain() == chain ? [] : [.chainBroken]
    for o in outputs {
      let url = folder.appendingPathComponent(o.path)
      guard let data = try? Data(contentsOf: url) else {
        findings.append(.outputMissing(path: o.path))
        continue
      }
      if Digest.sha256(data) != o.sha256 || data.count != o.bytes { findings.append(.outputChanged(path: o.path)) }
    }
    return findings
  }
}
