import Foundation

/// The zone a mapping declares for timestamps written without one (`2025-10-01 12:00:00.123`).
///
/// A zone-less timestamp is ambiguous: LiteLLM's `startTime` is `timestamp without time zone`
/// holding UTC, a hand-made export may hold local time. Guessing UTC would shift every call of
/// a non-UTC file by hours and misplace them in days and billing periods, so the importer asks:
/// the mapping says `timezone: UTC`, `timezone: "+02:00"` or `timezone: Europe/Berlin`, and a
/// zone-less timestamp without one stops the import with a hint.
public enum ImportTimeZone: Sendable, Hashable, CustomStringConvertible {
  /// A fixed offset from UTC in seconds (`UTC` is 0).
  case offset(Int)
  /// An IANA zone, with its daylight-saving rules.
  case named(TimeZone)

  /// `UTC`, `Z`, `±hh:mm` or an IANA name such as `Europe/Berlin`; `nil` for anything else.
  public init?(_ text: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    if ["utc", "z", "gmt"].contains(t.lowercased()) {
      self = .offset(0)
      return
    }
    let u = Array(t.utf8)
    if u.count == 6, u[0] == 43 || u[0] == 45, u[3] == 58, let h = Int(t.dropFirst().prefix(2)),
      let m = Int(t.suffix(2)), h <= 14, m < 60
    {
      self = .offset((h * 3600 + m * 60) * (u[0] == 43 ? 1 : -1))
      return
    }
    guard t.contains("/"), let zone = TimeZone(identifier: t) else { return nil }
    self = .named(zone)
  }

  /// Epoch seconds of a wall-clock time read in this zone (`local` is that wall time as if UTC).
  ///
  /// In a daylight-saving gap or overlap the offset in force just before the wall time is used.
  public func utc(fromWallClock local: Int64) -> Int64 {
    switch self {
    case .offset(let s): return local - Int64(s)
    case .named(let zone):
      let guess = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))))
      return local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
    }
  }

  public var description: String {
    switch self {
    case .offset(0): "UTC"
    case .offset(let s):
      "\(s < 0 ? "-" : "+")\(String(format: "%02d:%02d", abs(s) / 3600, abs(s) % 3600 / 60))"
    case .named(let z): z.identifier
    }
  }
}
