import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 digests (swift-crypto), as lowercase hex, for manifests and appendices.
public enum Digest {
  public static func sha256(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

  /// The digest of a regular file's bytes, streamed in 4 MB chunks, or `nil` when it cannot
  /// be read or is not a regular file: a FIFO or pipe was consumed by the import (reading it
  /// again would wait for a writer that is gone), and its bytes cannot be hashed twice.
  public static func sha256(fileAt url: URL) -> String? {
    var info = stat()
    guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      let file = try? InputFile(url, writerWait: 0), file.kind == .regular
    else { return nil }
    let hashing = HashingSink(DiscardSink())
    while let chunk = try? file.read(upTo: 4 << 20), !chunk.isEmpty {
      try? hashing.write(chunk)
    }
    return hashing.hex
  }
}
