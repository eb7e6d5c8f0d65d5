import Foundation
import Synchronization
import Testing

@testable import MeterbookCore

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh folder per test, removed afterwards.
final class Scratch {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("mb-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  /// Names in the folder that look like Meterbook temporaries.
  var temporaries: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".tmp") }
  }
}

private func reason(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}

private let recipe = RunManifest.Recipe(command: "simulate", format: "csv")

@Suite struct InputFileTests {
  @Test func aMissingFileADirectoryALinkLoopAndADanglingLinkEachNameTheirCause() throws {
    let s = try Scratch()
    symlink(s.path("loop"), s.path("loop"))
    symlink(s.path("nowhere.csv"), s.path("dangling"))
    #expect(reason { _ = try InputFile(URL(fileURLWithPath: s.path("missing.csv"))) }.contains("no such file"))
    #expect(reason { _ = try InputFile(s.url) }.contains("is a directory"))
    #expect(reason { _ = try InputFile(URL(fileURLWithPath: s.path("loop"))) }.contains("symbolic link loop"))
    #expect(
      reason { _ = try InputFile(URL(fileURLWithPath: s.path("dangling"))) }.contains(
        "is a symbolic link to '\(s.path("nowhere.csv"))', which does not exist"))
  }

  @Test func theCSVReaderReportsADirectoryInsteadOfTrapping() throws {
    let s = try Scratch()
    let message = reason { try CSVReader.read(contentsOf: s.url) { _, _ in true } }
    #expect(message.contains("is a directory"), "\(message)")
  }

  @Test func textThatIsNotUTF8IsReportedWithTheOffsetOfTheFirstBadByte() throws {
    let s = try Scratch()
    _ = FileManager.default.createFile(atPath: s.path("bad.yaml"), contents: Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]))
    let message = reason { _ = try InputFile.text(URL(fileURLWithPath: s.path("bad.yaml")), maximumBytes: 1 << 20) }
    #expect(message.contains("not valid UTF-8") && message.contains("offset 3"), "\(message)")
  }

  @Test func aMappingFileThatIsADirectorySaysSo() throws {
    let s = try Scratch()
    let message = reason { _ = try ColumnMapping.load(contentsOf: s.url) }
    #expect(message.contains("is a directory") && !message.contains("UTF-8"), "\(message)")
  }

  @Test(
    .disabled(
      if: getuid() == 0, "root bypasses file permissions; the binary test runs as nobody through setpriv instead"))
  func anUnreadableFileSaysPermissionDenied() throws {
    let s = try Scratch()
    _ = FileManager.default.createFile(atPath: s.path("secret.csv"), contents: Data("a\n".utf8))
    chmod(s.path("secret.csv"), 0)
    #expect(reason { _ = try InputFile(URL(fileURLWithPath: s.path("secret.csv"))) }.contains("permission denied"))
  }

  @Test func aFIFOWithoutAWriterGivesUpAfterTheStatedWait() throws {
    let s = try Scratch()
    mkfifo(s.path("fifo"), 0o600)
    let start = Date()
    let message = reason {
      try CSVReader.read(contentsOf: URL(fileURLWithPath: s.path("fifo")), writerWait: 0.5) { _, _ in true }
    }
    let waited = Date().timeIntervalSince(start)
    #expect(message.contains("no writer connected to the FIFO"), "\(message)")
    #expect(waited >= 0.4 && waited < 3, "waited \(waited) s")
  }

  @Test func waitingForAFIFOWriterStopsWhenCancelled() throws {
    let s = try Scratch()
    mkfifo(s.path("fifo"), 0o600)
    let start = Date()
    let message = reason {
      try CSVReader.read(
        contentsOf: URL(fileURLWithPath: s.path("fifo")), writerWait: 30,
        isCancelled: { Date().timeIntervalSince(start) > 0.2 }
      ) { _, _ in true }
    }
    #expect(message == "cancelled")
    #expect(Date().timeIntervalSince(start) < 1.5)
  }

  @Test func hashingAConsumedFIFOReturnsNilInsteadOfWaitingForAWriter() throws {
    let s = try Scratch()
    mkfifo(s.path("fifo"), 0o600)
    let start = Date()
    #expect(Digest.sha256(fileAt: URL(fileURLWithPath: s.path("fifo"))) == nil)
    #expect(Date().timeIntervalSince(start) < 0.5)
    try "abc".write(toFile: s.path("x.csv"), atomically: false, encoding: .utf8)
    #expect(Digest.sha256(fileAt: URL(fileURLWithPath: s.path("x.csv"))) == Digest.sha256("abc"))
  }

  @Test func aFIFOWithAWriterIsReadToTheEnd() throws {
    let s = try Scratch()
    let fifo = s.path("fifo")
    mkfifo(fifo, 0o600)
    let writer = Thread {
      usleep(300_000)  // the reader is already waiting
      let fd = open(fifo, O_WRONLY)
      let text = "a,b\n" + String(repeating: "1,2\n", count: 50_000)
      _ = text.withCString { write(fd, $0, strlen($0)) }
      close(fd)
    }
    writer.start()
    var rows = 0
    try CSVReader.read(contentsOf: URL(fileURLWithPath: fifo)) { _, _ in
      rows += 1
      return true
    }
    #expect(rows == 50_001)
  }
}

@Suite struct OutputDestinationTests {
  @Test func devNullIsWrittenThroughAndStaysADeviceWithoutAManifest() throws {
    let outcome = try RunManifest.export(to: "/dev/null", recipe: recipe, catalog: nil, inputs: [], rows: 1) {
      try $0.write(Array("x\n".utf8))
    }
    var info = stat()
    #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    #expect(outcome.kind == .device && outcome.manifestURL == nil)
    #expect(outcome.note?.contains("not a regular file") == true)
    #expect(!FileManager.default.fileExists(atPath: "/dev/null.manifest.json"))
  }

  @Test func aSymbolicLinkIsRefusedNamingItsTarget() throws {
    let s = try Scratch()
    try "old".write(toFile: s.path("real.csv"), atomically: false, encoding: .utf8)
    symlink(s.path("real.csv"), s.path("link.csv"))
    let message = reason { try AtomicFile.write("new", to: URL(fileURLWithPath: s.path("link.csv"))) }
    #expect(message.contains("is a symbolic link to '\(s.path("real.csv"))'"), "\(message)")
    #expect(try String(contentsOfFile: s.path("real.csv"), encoding: .utf8) == "old")
    #expect(s.temporaries.isEmpty)
  }

  @Test func aDirectoryIsRefused() throws {
    let s = try Scratch()
    try FileManager.default.createDirectory(atPath: s.path("out.csv"), withIntermediateDirectories: false)
    let message = reason {
      _ = try RunManifest.export(
        Array("x".utf8), to: URL(fileURLWithPath: s.path("out.csv")), recipe: recipe, catalog: nil, inputs: [], rows: 0)
    }
    #expect(message.contains("is a directory"), "\(message)")
    #expect(s.temporaries.isEmpty)
  }

  @Test func aFIFOIsWrittenThroughToItsReader() throws {
    let s = try Scratch()
    let fifo = s.path("out.fifo")
    mkfifo(fifo, 0o600)
    let received = Mutex<[UInt8]>([])
    let reader = Thread {
      let fd = open(fifo, O_RDONLY)
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        received.withLock { $0 += buffer[0..<n] }
      }
      close(fd)
    }
    reader.start()
    let outcome = try RunManifest.export(to: fifo, recipe: recipe, catalog: nil, inputs: [], rows: 0) {
      try $0.write(Array(repeating: 0x41, count: 300_000))
    }
    usleep(200_000)
    #expect(outcome.kind == .fifo && outcome.manifestURL == nil)
    #expect(received.withLock { $0.count } == 300_000)
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
  }

  @Test func aCancelledExportLeavesTheOldPairAndNoTemporary() throws {
    let s = try Scratch()
    let out = s.path("calls.csv")
    let first = try RunManifest.export(
      Array("old\n".utf8), to: URL(fileURLWithPath: out), recipe: recipe, catalog: nil, inputs: [], rows: 1)
    let writes = Mutex(0)
    let message = reason {
      _ = try RunManifest.export(
        to: out, recipe: recipe, catalog: nil, inputs: [], rows: 1, isCancelled: { writes.withLock { $0 } > 0 }
      ) { sink in
        try sink.write(Array("new\n".utf8))
        #expect(TemporaryFiles.registered.contains { $0.hasPrefix(s.path(".calls.csv.")) })
        writes.withLock { $0 += 1 }
        try sink.write(Array("more\n".utf8))
      }
    }
    #expect(message == "cancelled")
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "old\n")
    #expect(s.temporaries.isEmpty)
    #expect(!TemporaryFiles.registered.contains { $0.hasPrefix(s.url.path) })
    let (manifest, findings) = try RunManifest.check(URL(fileURLWithPath: out))
    #expect(findings.isEmpty && manifest == first)
  }

  @Test func theSignalPathRemovesLiveTemporaries() throws {
    let s = try Scratch()
    let file = try AtomicFile(URL(fileURLWithPath: s.path("x.csv")))
    try file.write(Array("partial".utf8))
    #expect(s.temporaries.count == 1)
    // What a SIGTERM handler does before _exit (`removeAll`), limited to this test's folder:
    // tests running beside it hold live temporaries of their own.
    TemporaryFiles.remove(slots: TemporaryFiles.slots(under: s.url.path + "/"))
    #expect(s.temporaries.isEmpty)
    file.discard()
    #expect(!TemporaryFiles.registered.contains { $0.hasPrefix(s.url.path) })
  }

  @Test func temporariesOfDeadProcessesAreSweptByTheNextWrite() throws {
    let s = try Scratch()
    _ = FileManager.default.createFile(atPath: s.path(".x.csv.999999999.3.tmp"), contents: Data("stale".utf8))
    _ = FileManager.default.createFile(atPath: s.path(".other.csv.999999999.3.tmp"), contents: Data("not ours".utf8))
    try AtomicFile.write("new", to: URL(fileURLWithPath: s.path("x.csv")))
    #expect(s.temporaries == [".other.csv.999999999.3.tmp"])
  }

  @Test func replacingAFileKeepsItsPermissions() throws {
    let s = try Scratch()
    try "old".write(toFile: s.path("x.csv"), atomically: false, encoding: .utf8)
    chmod(s.path("x.csv"), 0o600)
    try AtomicFile.write("new", to: URL(fileURLWithPath: s.path("x.csv")))
    var info = stat()
    stat(s.path("x.csv"), &info)
    #expect(info.st_mode & 0o777 == 0o600)
  }
}

@Suite struct ExportPairTests {
  @Test func anExportAndItsManifestVerifyAndAnyChangeIsAMismatchedPair() throws {
    let s = try Scratch()
    let out = URL(fileURLWithPath: s.path("calls.csv"))
    let outcome = try RunManifest.export(to: out.path, recipe: recipe, catalog: nil, inputs: [], rows: 2) { sink in
      try sink.write(Array("a\n".utf8))
      try sink.write(Array("b\n".utf8))
    }
    #expect(outcome.manifest.outputs.first?.sha256 == Digest.sha256("a\nb\n"))
    #expect(try RunManifest.check(out).1.isEmpty)
    try "a\nc\n".write(to: out, atomically: false, encoding: .utf8)
    let findings = try RunManifest.check(out).1
    #expect(findings == [.outputChanged(path: "calls.csv")])
    #expect(findings.first?.description.contains("the manifest describes other bytes") == true)
    #expect(findings.first?.description.contains("interrupted or raced; re-run") == true)
  }

  @Test func aMissingManifestIsReportedAsAnInterruptedExport() throws {
    let s = try Scratch()
    try "a\n".write(toFile: s.path("calls.csv"), atomically: false, encoding: .utf8)
    #expect(throws: RunManifest.LoadError.self) { try RunManifest.check(URL(fileURLWithPath: s.path("calls.csv"))) }
    let message = reason { _ = try RunManifest.check(URL(fileURLWithPath: s.path("calls.csv"))) }
    #expect(message.contains("no manifest at") && message.contains("interrupted"), "\(message)")
  }

  @Test func concurrentExportsToOnePathLeaveAConsistentPair() throws {
    let s = try Scratch()
    let out = s.path("calls.csv")
    DispatchQueue.concurrentPerform(iterations: 8) { k in
      for round in 0..<5 {
        let text = String(repeating: "writer \(k) round \(round)\n", count: 1000 * (k + 1))
        _ = try? RunManifest.export(to: out, recipe: recipe, catalog: nil, inputs: [], rows: k) {
          try $0.write(Array(text.utf8))
        }
      }
    }
    #expect(try RunManifest.check(URL(fileURLWithPath: out)).1.isEmpty)
    #expect(s.temporaries.isEmpty)
  }
}

@Suite struct WriterCancellationAndRangeTests {
  static let run: Run = {
    var b = RunBuilder(days: 2, customers: 2)
    b.add(day: 0, count: 140_000)
    return b.run
  }()

  @Test func everyRowWriterStopsWithinSixtyFourThousandRowsOfCancellation() throws {
    for format in ["csv", "focus", "otlp"] {
      let sink = MemorySink()
      let polls = Mutex(0)
      let message = reason {
        try RunExport.write(
          Self.run, format: format, catalog: Fixtures.catalog, to: sink,
          isCancelled: {
            polls.withLock {
              $0 += 1
              return $0 >= 1
            }
          })
      }
      #expect(message == "cancelled", "\(format): \(message)")
      #expect(polls.withLock { $0 } == 1, "\(format) kept going after cancellation")
    }
  }

  @Test func otlpTimesPast2262AreAClearErrorNotAnOverflow() throws {
    var b = RunBuilder(days: 1, customers: 1)
    b.add(day: 0, count: 2)
    var run = b.run
    run.timestamp[1] = 9_300_000_000  // 2264
    for kind in OTLPWriter.Kind.allCases {
      let message = reason { try OTLPWriter(kind: kind).write(run, to: MemorySink()) }
      #expect(message.contains("2262-04-11") && message.contains("call 2"), "\(kind): \(message)")
    }
    run.timestamp[1] = Limits.latestTimestamp
    let sink = MemorySink()
    try OTLPWriter().write(run, to: sink)
    #expect(sink.string.contains("\"startTimeUnixNano\":\"\(Limits.latestTimestamp)000000000\""))
    #expect(OTLPWriter.nanoseconds(seconds: Int64.max) == nil)
    #expect(OTLPWriter.nanoseconds(seconds: 9_223_372_036, milliseconds: 854) == 9_223_372_036_854_000_000)
    #expect(OTLPWriter.nanoseconds(seconds: 9_223_372_036, milliseconds: 855) == nil)
  }
}
