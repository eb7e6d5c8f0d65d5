import MeterbookCore

/// Where a console result is printed.
///
/// At the prompt a person reads everything on the
/// terminal; in `-c`, piped and headless runs stdout is for results only, so a script can
/// pipe it into a CSV or JSON reader, and status (`loaded …`, `mode csv`, `wrote …`, the
/// timer) goes to stderr. Errors always go to stderr.
enum ResultPrinter {
  case interactive
  case script

  func print(_ r: Console.Result) {
    switch self {
    case .interactive:
      if !r.status.isEmpty { Swift.print(r.status) }
    case .script:
      if !r.status.isEmpty { Terminal.error(r.status) }
    }
    if r.output.isEmpty { return }
    if r.ok {
      Swift.print(r.output)
    } else {
      Terminal.error(Terminal.colorEnabled ? "\u{1B}[31m\(r.output)\u{1B}[0m" : r.output)
    }
  }
}
