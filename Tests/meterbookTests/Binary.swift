import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `meterbook` binary the way a user or a script would.
enum Binary {
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The executable beside the test bundle (`.build/<config>/meterbook`).
  static var url: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("meterbook")
  }

  struct Output {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// Runs `meterbook ARGS` in the repository root with `input` on stdin.
  static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Output {
    let p = Process()
    p.executableURL = url
    p.arguments = arguments
    p.currentDirectoryURL = repositoryRoot
    var env = ProcessInfo.processInfo.environment
    env["XDG_STATE_HOME"] =
      FileManager.default.temporaryDirectory.appendingPathComponent("mb-state-\(UUID().uuidString)").path
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
    p.standardInput = stdin
    p.standardOutput = stdout
    p.standardError = stderr
    try p.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Output(
      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
      status: p.terminationStatus)
  }
}

/// The binary on a real pseudo-terminal: a person typing, Tab, Ctrl-C, reading the screen.
final class PseudoTerminal {
  private var master: Int32 = -1
  private var pid: pid_t = 0
  private(set) var screen = ""
  /// The child's `$XDG_STATE_HOME` (its history lives under it).
  let stateHome: URL

  /// Starts `meterbook ARGS` on a new pseudo-terminal (paths in ARGS should be absolute).
  init(_ arguments: [String], columns: UInt16 = 100) throws {
    var slave: Int32 = -1
    var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    var name = [CChar](repeating: 0, count: 256)
    guard openpty(&master, &slave, &name, nil, &size) == 0 else { throw POSIXError(.EIO) }
    let slaveName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    close(slave)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    // POSIX_SPAWN_SETSID (0x80): a new session, so the pty becomes the child's terminal;
    // SETSIGMASK and SETSIGDEF: the child starts with no blocked signals and default actions,
    // whatever the test runner's threads block or ignore.
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attr, &empty)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setflags(&attr, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    stateHome = FileManager.default.temporaryDirectory.appendingPathComponent("mb-pty-\(UUID().uuidString)")
    let state = stateHome.path
    let env = ["TERM=xterm", "LANG=C.UTF-8", "XDG_STATE_HOME=\(state)", "HOME=\(state)", "PATH=/usr/bin:/bin"]
    let argv = [Binary.url.path] + arguments
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = env.map { strdup($0) } + [nil]
    defer { for pointer in cArgs + cEnv { free(pointer) } }
    let rc = posix_spawn(&pid, Binary.url.path, &actions, &attr, &cArgs, &cEnv)
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attr)
    guard rc == 0 else { throw POSIXError(.ENOEXEC) }
  }

  deinit {
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }

  /// Resizes the terminal, as a person dragging its window: the kernel sends SIGWINCH to the
  /// program in the foreground.
  func resize(columns: UInt16) {
    var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
  }

  func type(_ text: String) {
    _ = text.withCString { write(master, $0, strlen($0)) }
  }

  /// Reads output until `text` appears or `timeout` passes; returns whether it appeared.
  @discardableResult
  func waitFor(_ text: String, timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      if screen.contains(text) { return true }
      var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      if poll(&fds, 1, 100) > 0 {
        let n = read(master, &buffer, buffer.count)
        if n > 0 { screen += String(decoding: buffer[0..<n], as: UTF8.self) } else { break }
      }
    }
    return screen.contains(text)
  }

  /// Prompts printed so far.
  var prompts: Int { screen.components(separatedBy: "meterbook> ").count - 1 }

  /// Types `line` + Enter and waits for the next prompt (the command has finished).
  @discardableResult
  func command(_ line: String, timeout: Double = 20) -> Bool {
    let before = prompts
    type(line + "\r")
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if prompts > before { return true }
      _ = waitFor("\u{0}", timeout: 0.05)
    }
    return false
  }

  /// Waits until the output ends with a fresh prompt.
  @discardableResult
  func waitForPrompt(timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if screen.hasSuffix("meterbook> ") { return true }
      _ = waitFor("\u{0}", timeout: 0.05)
    }
    return false
  }

  /// Forgets what was read so far, so the next wait looks only at new output.
  func clear() { screen = "" }

  /// Waits for the process to exit; returns its status or nil on timeout.
  func exitStatus(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      _ = waitFor("\u{0}", timeout: 0.1)
      if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
    }
    return nil
  }
}
