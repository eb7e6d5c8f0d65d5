/// The service tier a call ran on, which selects the rates it is billed at.
///
/// Providers sell the same model at several speeds: the batch API (results within a day,
/// cheaper), OpenAI's `flex` (slower, cheaper) and `priority` (faster, dearer). Each has its
/// own input, output and cache-read prices, so a call's cost depends on its tier.
public enum ServiceTier: String, Sendable, Hashable, Codable, CaseIterable {
  case standard, batch, flex, priority
}
