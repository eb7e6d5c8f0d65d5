/// Meterbook's version, printed by `--version` and recorded in every export's appendix and manifest.
public enum MeterbookVersion {
  public static let current = "0.2.0"
}
