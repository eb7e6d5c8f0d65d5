import Crypto
import Foundation

/// SHA-256 digests (swift-crypto), as lowercase hex, for manifests and appendices.
public enum Digest {
  public static func sha256(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

  /// The digest of a file's bytes, or `nil` when it cannot be read.
  public static func sha256(fileAt url: URL) -> String? {
    (try? Data(contentsOf: url)).map { sha256($0) }
  }
}
