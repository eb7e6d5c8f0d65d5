import ArgumentParser

/// The export options `simulate` and `convert` share, checked in one place so their messages agree.
enum ExportOptionChecks {
  /// Refuses a FOCUS version or an OTLP signal the writers do not produce.
  static func validate(focusVersion: String, otlp: String) throws {
    guard ["1.2", "1.3"].contains(focusVersion) else {
      throw ValidationError("--focus-version must be 1.2 or 1.3; got '\(focusVersion)'.")
    }
    guard ["spans", "metrics"].contains(otlp) else {
      throw ValidationError("--otlp must be spans or metrics; got '\(otlp)'.")
    }
  }
}
