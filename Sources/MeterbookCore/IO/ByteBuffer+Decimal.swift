extension ByteBuffer {
  /// Appends `value × 10⁻ˢᶜᵃˡᵉ` as plain decimal text with trailing zeros trimmed (`1.5`, `2`,
  /// `0.000000000001875`).
  ///
  /// Exports write exact products this way: a FOCUS ListCost is a rate in nano-dollars times a
  /// token count, which has fifteen decimal places, so the text must carry every digit of the
  /// integer rather than pass through a `Double`.
  /// - Parameters:
  ///   - value: The scaled integer (an `Int128`, so rate × tokens cannot overflow).
  ///   - scale: The number of fractional digits `value` carries (0...38).
  mutating func appendDecimal(_ value: Int128, scale: Int) {
    if value < 0 { append(byte: 0x2D) }
    var magnitude = value.magnitude
    var digits: [UInt8] = []
    digits.reserveCapacity(40)
    repeat {
      digits.append(UInt8(48 + magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    while digits.count <= scale { digits.append(48) }
    // digits is least significant first: [fraction (scale digits)] [whole part]
    var fractionStart = 0
    while fractionStart < scale && digits[fractionStart] == 48 { fractionStart += 1 }
    for k in stride(from: digits.count - 1, through: scale, by: -1) { append(byte: digits[k]) }
    guard fractionStart < scale else { return }
    append(byte: 0x2E)
    for k in stride(from: scale - 1, through: fractionStart, by: -1) { append(byte: digits[k]) }
  }

  /// Appends a non-negative count with thousands separators (`12,683`), for prose inside a
  /// quoted CSV field.
  mutating func appendGrouped(_ value: Int64) {
    guard value >= 1000 else {
      appendInt(value)
      return
    }
    appendGrouped(value / 1000)
    append(byte: 0x2C)
    let rest = Int(value % 1000)
    append(byte: UInt8(48 + rest / 100))
    append2(rest % 100)
  }
}

extension String {
  /// `1.500000000` → `1.5`, `2.000000000` → `2`.
  var trimmedDecimal: String {
    guard contains(".") else { return self }
    var s = self
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }
}
