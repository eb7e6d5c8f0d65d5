/// A key figure in JSON: its label, text and raw value as before, plus the script form —
/// `key` with the unit suffix and `number` in that unit (`"key": "error_rate_pct",
/// "number": 0.6`), the same pair the CSV of key figures holds.
extension KeyFigure: Codable {
  private enum CodingKeys: String, CodingKey { case label, value, raw, key, number, spread }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(label, forKey: .label)
    try c.encode(value, forKey: .value)
    try c.encode(raw, forKey: .raw)
    try c.encode(scriptKey, forKey: .key)
    try c.encode(scriptValue, forKey: .number)
    try c.encodeIfPresent(spread, forKey: .spread)
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      label: try c.decode(String.self, forKey: .label), value: try c.decode(String.self, forKey: .value),
      raw: try c.decode(Double.self, forKey: .raw), spread: try c.decodeIfPresent(Spread.self, forKey: .spread))
  }
}
