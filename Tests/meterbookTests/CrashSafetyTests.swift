import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The binary started in the background, so a test can signal it mid-write.
final class Child {
  let process = Process()
  let stdout: URL
  let stderr: URL

  /// Runs `meterbook ARGS` (or, with `shell`, `/bin/sh -c SHELL` where `$MB` is the binary).
  init(_ arguments: [String], shell: String? = nil, in folder: URL) throws {
    stdout = folder.appendingPathComponent("child-\(UUID().uuidString).out")
    stderr = folder.appendingPathComponent("child-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    if let shell {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", shell]
    } else {
      process.executableURL = Binary.url
      process.arguments = arguments
    }
    process.currentDirectoryURL = Binary.repositoryRoot
    var env = ProcessInfo.processInfo.environment
    env["MB"] = Binary.url.path
    env["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
  }

  var pid: pid_t { process.processIdentifier }
  func signal(_ s: Int32) { kill(pid, s) }

  /// Waits for the exit; returns the status (128 + n for a signal n).
  @discardableResult
  func wait() -> Int32 {
    process.waitUntilExit()
    return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
  }

  var errorText: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }
  var outputText: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
}

/// A scratch folder for one test.
final class Folder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("mb-crash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    chmod(url.path, 0o755)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  var temporaries: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".tmp") }
  }
  func read(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "<missing>" }

  /// Waits until a temporary appears (the write has begun); false after `timeout`.
  func waitForTemporary(timeout: Double = 120) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if !temporaries.isEmpty { return true }
      usleep(5_000)
    }
    return false
  }
}

@Suite(.serialized)
struct CrashSafetyTests {
  @Test func analyzingADirectoryIsAnErrorNamingTheCauseNotATrap() throws {
    let r = try Binary.run(["analyze", "/tmp"])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("cannot read '/tmp': is a directory"), "\(r.stderr)")
  }

  @Test func convertingToDevNullWritesThroughAndKeepsTheDevice() throws {
    let f = try Folder()
    let csv = f.path("calls.csv")
    #expect(try Binary.run(["simulate", "--seed", "5", "--customers", "5", "--days", "2", "--out", csv]).status == 0)
    let r = try Binary.run(["convert", csv, "--to", "focus", "--out", "/dev/null"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("no manifest: /dev/null is a character device"), "\(r.stderr)")
    var info = stat()
    #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    #expect(!FileManager.default.fileExists(atPath: "/dev/null.manifest.json"))
  }

  @Test func aFullDeviceIsAClearError() throws {
    let r = try Binary.run(["simulate", "--seed", "5", "--customers", "5", "--days", "2", "--out", "/dev/full"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no space left on the device"), "\(r.stderr)")
  }

  @Test func aFileSizeLimitIsAClearErrorThatKeepsTheOldFile() throws {
    let f = try Folder()
    try "old\n".write(toFile: f.path("calls.csv"), atomically: false, encoding: .utf8)
    let child = try Child(
      [], shell: "ulimit -f 64; exec \"$MB\" simulate --seed 2 --customers 40 --days 7 --out '\(f.path("calls.csv"))'",
      in: f.url)
    let status = child.wait()
    #expect(status == 1, "status \(status): \(child.errorText)")
    #expect(child.errorText.contains("file size limit"), "\(child.errorText)")
    #expect(f.read("calls.csv") == "old\n")
    #expect(f.temporaries.isEmpty)
  }

  /// Root ignores folder permissions, so as root the binary runs as `nobody` (setpriv).
  @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
  func aFolderWithoutWritePermissionIsAClearErrorThatKeepsTheOldFile() throws {
    let f = try Folder()
    try "old\n".write(toFile: f.path("calls.csv"), atomically: false, encoding: .utf8)
    chmod(f.path("calls.csv"), 0o644)
    chmod(f.url.path, 0o555)
    defer { chmod(f.url.path, 0o755) }
    let drop = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
    let child = try Child(
      [],
      shell:
        "XDG_STATE_HOME=/tmp exec \(drop)\"$MB\" simulate --seed 2 --customers 5 --days 2 --out '\(f.path("calls.csv"))'",
      in: FileManager.default.temporaryDirectory)
    let status = child.wait()
    #expect(status == 1, "status \(status): \(child.errorText)")
    #expect(child.errorText.contains("permission denied"), "\(child.errorText)")
    #expect(f.read("calls.csv") == "old\n")
    #expect(f.temporaries.isEmpty)
  }

  /// Ctrl-C while the file is being written: exit 130 quickly, old file intact, no temporary.
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func aSignalDuringAWriteLeavesTheOldFileAndNoTemporary(signal: Int32) throws {
    let f = try Folder()
    try "old\n".write(toFile: f.path("calls.csv"), atomically: false, encoding: .utf8)
    let child = try Child(
      ["simulate", "--seed", "9", "--customers", "800", "--days", "30", "--out", f.path("calls.csv")], in: f.url)
    #expect(f.waitForTemporary(), "the write never began: \(child.errorText)")
    usleep(100_000)
    let sent = Date()
    child.signal(signal)
    let status = child.wait()
    let latency = Date().timeIntervalSince(sent)
    let expected: Int32 = signal == SIGINT ? 130 : 128 + signal
    #expect(status == expected, "status \(status): \(child.errorText)")
    #expect(latency < 1.0, "took \(latency) s to stop")
    print("signal \(signal) during a write: exit \(status) after \(Int(latency * 1000)) ms")
    #expect(f.read("calls.csv") == "old\n")
    #expect(f.temporaries.isEmpty, "\(f.temporaries)")
  }

  @Test func aSecondCtrlCEndsTheWriteAndRemovesTheTemporary() throws {
    let f = try Folder()
    let child = try Child(
      [
        "simulate", "--seed", "9", "--customers", "800", "--days", "30", "--format", "focus", "--out",
        f.path("calls.csv"),
      ], in: f.url)
    #expect(f.waitForTemporary(), "the write never began: \(child.errorText)")
    child.signal(SIGINT)
    child.signal(SIGINT)
    #expect(child.wait() == 130, "\(child.errorText)")
    #expect(!FileManager.default.fileExists(atPath: f.path("calls.csv")))
    #expect(f.temporaries.isEmpty, "\(f.temporaries)")
  }

  /// SIGKILL at random moments of an export: `verify` then passes or names the broken pair.
  @Test func killedExportsAlwaysVerifyOrReportTheBrokenPair() throws {
    let f = try Folder()
    let out = f.path("calls.csv")
    let args = { (seed: Int) in ["simulate", "--seed", "\(seed)", "--customers", "60", "--days", "10", "--out", out] }
    let start = Date()
    #expect(try Binary.run(args(1)).status == 0)
    let typical = Date().timeIntervalSince(start)
    var outcomes: [String: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for iteration in 0..<20 {
      let child = try Child(args(100 + iteration), in: f.url)
      usleep(UInt32(Double.random(in: 0...(typical * 1.3), using: &generator) * 1_000_000))
      child.signal(SIGKILL)
      child.wait()
      let v = try Binary.run(["verify", out, "--hashes-only"])
      let verdict: String
      if v.status == 0 && v.stdout.contains("ok: SHA-256") {
        verdict = "pair verifies"
      } else if v.status == 1 && v.stderr.contains("the manifest describes other bytes")
        && v.stderr.contains("interrupted or raced")
      {
        verdict = "mismatched pair reported"
      } else if v.status == 1
        && (v.stderr.contains("no manifest at") || v.stderr.contains("missing, though its manifest is there"))
      {
        verdict = "missing half reported"
      } else {
        verdict = "unexpected"
        Issue.record("iteration \(iteration): status \(v.status), stdout \(v.stdout), stderr \(v.stderr)")
      }
      outcomes[verdict, default: 0] += 1
    }
    print("SIGKILL at random points (typical run \(Int(typical * 1000)) ms): \(outcomes)")
    // The next export sweeps what the killed ones left and publishes a good pair.
    #expect(try Binary.run(args(7)).status == 0)
    #expect(try Binary.run(["verify", out, "--hashes-only"]).status == 0)
    #expect(f.temporaries.isEmpty, "\(f.temporaries)")
  }

  @Test func twoProcessesExportingToOnePathLeaveAPairThatVerifies() throws {
    let f = try Folder()
    let out = f.path("calls.csv")
    for round in 0..<4 {
      let a = try Child(
        ["simulate", "--seed", "\(round * 2 + 1)", "--customers", "40", "--days", "7", "--out", out], in: f.url)
      let b = try Child(
        ["simulate", "--seed", "\(round * 2 + 2)", "--customers", "40", "--days", "7", "--out", out], in: f.url)
      #expect(a.wait() == 0 && b.wait() == 0, "\(a.errorText) \(b.errorText)")
      let v = try Binary.run(["verify", out, "--hashes-only"])
      #expect(v.status == 0, "round \(round): \(v.stderr)")
    }
    #expect(f.temporaries.isEmpty)
  }

  @Test func verifyNamesAMissingManifestAsAnInterruptedExport() throws {
    let f = try Folder()
    try "a\n".write(toFile: f.path("calls.csv"), atomically: false, encoding: .utf8)
    let v = try Binary.run(["verify", f.path("calls.csv")])
    #expect(v.status == 1)
    #expect(v.stderr.contains("no manifest at") && v.stderr.contains("re-run the export"), "\(v.stderr)")
  }

  @Test func aFIFOWithNoWriterIsAnErrorAfterTenSeconds() throws {
    let f = try Folder()
    mkfifo(f.path("calls.csv"), 0o600)
    let start = Date()
    let r = try Binary.run(["analyze", f.path("calls.csv")])
    let waited = Date().timeIntervalSince(start)
    #expect(r.status == 1)
    #expect(r.stderr.contains("no writer connected to the FIFO within 10 s"), "\(r.stderr)")
    #expect(waited >= 9.5 && waited < 20)
  }

  @Test func ctrlCWhileWaitingForAFIFOWriterExitsAtOnce() throws {
    let f = try Folder()
    mkfifo(f.path("calls.csv"), 0o600)
    let child = try Child(["analyze", f.path("calls.csv")], in: f.url)
    usleep(1_500_000)
    let sent = Date()
    child.signal(SIGINT)
    #expect(child.wait() == 130)
    #expect(Date().timeIntervalSince(sent) < 1)
  }

  /// A person at a terminal sees a progress bar for work that takes over a second.
  @Test func aLongSimulationShowsProgressOnATerminal() throws {
    let f = try Folder()
    let t = try PseudoTerminal([
      "simulate", "--seed", "3", "--customers", "1500", "--days", "30", "--out", f.path("calls.csv"),
      "--scenarios", Binary.repositoryRoot.appendingPathComponent("scenarios").path,
    ])
    #expect(t.waitFor("simulating", timeout: 120), "screen: \(t.screen.debugDescription)")
    #expect(t.waitFor("wrote", timeout: 240))
    #expect(t.exitStatus(timeout: 30) == 0)
  }
}
