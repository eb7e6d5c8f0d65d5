/// One of `count` parts of a simulation's customers (`simulate --shard 3/8`), so one large
/// simulation runs on many machines at once.
///
/// Customer `c` (0-based, in the population's order) belongs to shard `c mod count + 1`: every
/// customer is in exactly one shard, and dealing them out in turn gives each shard a like mix
/// of archetypes, tiers and organizations. Each customer-day draws from its own sub-streams of
/// the seed, so a shard's calls are exactly the whole run's calls of its customers, in the same
/// order: the shards' calls together, sorted, are the whole run byte for byte, and their cubes
/// partition the whole cube.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  /// 1-based: the first shard is `1/n`.
  public let index: Int
  public let count: Int

  /// The whole run: one shard of one.
  public static let whole = Shard(uncheckedIndex: 1, of: 1)

  /// The most shards one run may be cut into (one customer each at `Limits.customers`).
  public static let maximumCount = Limits.customers

  private init(uncheckedIndex index: Int, of count: Int) {
    self.index = index
    self.count = count
  }

  /// `i/n` with 1 ≤ i ≤ n ≤ `maximumCount`; `nil` for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1...Self.maximumCount).contains(n),
      (1...n).contains(i)
    else { return nil }
    self.init(uncheckedIndex: i, of: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether customer `c` (0-based) is simulated in this shard.
  @inline(__always)
  public func contains(customer c: Int) -> Bool { c % count == index - 1 }
}
