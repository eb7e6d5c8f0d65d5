import Foundation

/// How much memory one piece of work may ask for before it starts.
///
/// Work whose size depends on input (a simulation, an import, a breakdown) estimates its
/// bytes first and is refused past the budget with the estimate in the message, so a typo
/// such as `customers: 1000000` costs a sentence, not the machine. The default is 4 GiB;
/// `METERBOOK_MEMORY_BUDGET` (bytes, or with a K/M/G suffix) raises or lowers it.
public struct MemoryBudget: Sendable, Hashable {
  public var bytes: Int

  public init(bytes: Int) { self.bytes = bytes }

  /// 4 GiB.
  public static let standard = MemoryBudget(bytes: 4 << 30)

  /// The budget from `METERBOOK_MEMORY_BUDGET`, else `standard`.
  public static var current: MemoryBudget {
    ProcessInfo.processInfo.environment["METERBOOK_MEMORY_BUDGET"].flatMap(MemoryBudget.init(parsing:)) ?? .standard
  }

  /// Reads `512M`, `8G`, `1048576`; `nil` for anything else.
  public init?(parsing text: String) {
    let t = text.trimmingCharacters(in: .whitespaces).uppercased()
    let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
    var digits = Substring(t)
    var shift = 0
    if let last = t.last, let s = shifts[last] { (digits, shift) = (t.dropLast(), s) }
    if digits.hasSuffix("I") || digits.hasSuffix("B") { return nil }
    guard let n = Int(digits), n > 0, n <= Int.max >> shift else { return nil }
    self.bytes = n << shift
  }

  /// Throws `BudgetError` when `estimate` exceeds the budget.
  public func check(_ estimate: MemoryEstimate) throws(BudgetError) {
    guard estimate.bytes <= bytes else { throw BudgetError(estimate: estimate, budget: self) }
  }
}

/// What a piece of work expects to hold in memory, and why.
public struct MemoryEstimate: Sendable, Hashable {
  /// What will be built, for example, "simulating 'baseline'".
  public var work: String
  /// The size that drives the estimate, for example, "48,000,000 calls".
  public var size: String
  public var bytes: Int
  /// How to make the work smaller, for example, "lower scenarios.baseline.customers".
  public var hint: String

  public init(work: String, size: String, bytes: Int, hint: String) {
    self.work = work
    self.size = size
    self.bytes = bytes
    self.hint = hint
  }
}

/// Work refused because its estimate exceeds the memory budget.
public struct BudgetError: Error, Hashable, CustomStringConvertible {
  public var estimate: MemoryEstimate
  public var budget: MemoryBudget

  public var description: String {
    "\(estimate.work) needs about \(MemoryBudget.format(estimate.bytes)) (\(estimate.size)); the memory budget is "
      + "\(MemoryBudget.format(budget.bytes))\n  hint: \(estimate.hint), or raise the budget with METERBOOK_MEMORY_BUDGET=16G"
  }
}

extension MemoryBudget {
  /// `1.5 GB`, `640 MB`, `12 KB` (powers of 1024).
  public static func format(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
  }
}
