/// A provider of the catalog and the commitment terms it sells (committed-spend discounts
/// or provisioned throughput), which the rate-optimization analysis prices against.
public struct Provider: Sendable, Hashable, Codable {
  public var key: String
  public var name: String
  public var commitment: CommitmentTerms?

  public init(key: String, name: String, commitment: CommitmentTerms? = nil) {
    self.key = key
    self.name = name
    self.commitment = commitment
  }
}

/// Terms of a committed-use discount: pay for `term_months` up front or monthly, and get
/// `discount` off list for usage covered by the commitment.
public struct CommitmentTerms: Sendable, Hashable, Codable {
  public var discount: Double
  public var termMonths: Int
  public init(discount: Double, termMonths: Int) {
    self.discount = discount
    self.termMonths = termMonths
  }
}
