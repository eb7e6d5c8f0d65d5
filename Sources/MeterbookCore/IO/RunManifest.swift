import Foundation

/// The record that sits beside every export (`FILE.manifest.json`): what produced the file,
/// from which inputs (with their SHA-256), and the SHA-256 of each output, sealed by a chain
/// hash over all of it — so editing the output, or the manifest, breaks verification.
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

  /// Writes `bytes` to `output` atomically and the manifest beside it.
  public static func export(_ bytes: [UInt8], to output: URL, recipe: Recipe, catalog: ModelCatalog?, inputs: [Input], rows: Int) throws(IOError) -> RunManifest {
    let file = try AtomicFile(output)
    try file.write(bytes)
    try file.commit()
    let manifest = RunManifest(recipe: recipe, catalog: catalog, inputs: inputs, rows: rows,
                               outputs: [Output(path: output.lastPathComponent, sha256: Digest.sha256(Data(bytes)), bytes: bytes.count)])
    try AtomicFile.write(manifest.json, to: url(for: output))
    return manifest
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
      case .outputChanged(let p): "\(p): SHA-256 differs from the manifest: the file was changed after export"
      case .outputMissing(let p): "\(p): missing"
      case .inputChanged(let role, let p): "\(role) \(p) changed since the export; cannot reproduce it"
      case .reproductionDiffers(let p): "\(p): re-running the recipe gives different bytes"
      }
    }
  }

  /// Checks the chain and each output's bytes in `folder`.
  public func verifyHashes(in folder: URL) -> [Finding] {
    var findings: [Finding] = computeChain() == chain ? [] : [.chainBroken]
    for o in outputs {
      let url = folder.appendingPathComponent(o.path)
      guard let data = try? Data(contentsOf: url) else { findings.append(.outputMissing(path: o.path)); continue }
      if Digest.sha256(data) != o.sha256 || data.count != o.bytes { findings.append(.outputChanged(path: o.path)) }
    }
    return findings
  }
}
