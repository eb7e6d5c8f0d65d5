import Testing

@testable import MeterbookCore

/// Paths into JSON text held in a CSV field.
struct JSONPathTests {
  func value(_ path: String, _ json: String) -> String? {
    guard let p = JSONPath(path) else { return nil }
    return Array(json.utf8).withUnsafeBufferPointer { buf in
      switch p.value(in: buf) {
      case .bytes(let r): String(decoding: buf[r], as: UTF8.self)
      case .decoded(let d): String(decoding: d, as: UTF8.self)
      case nil: nil
      }
    }
  }

  let metadata =
    #"{"user_api_key_alias": "bot", "usage_object": {"prompt_tokens": 2000, "prompt_tokens_details": {"cached_tokens": 1500, "audio_tokens": null}}, "tags": ["a", {"k": "v"}], "esc": "a\"b\u00e9"}"#

  @Test func pathsReachNestedScalars() {
    #expect(value("usage_object.prompt_tokens_details.cached_tokens", metadata) == "1500")
    #expect(value("usage_object.prompt_tokens", metadata) == "2000")
    #expect(value("user_api_key_alias", metadata) == "bot")
    #expect(value("tags.0", metadata) == "a")
    #expect(value("tags.1.k", metadata) == "v")
    #expect(value("esc", metadata) == "a\"bé")
  }

  @Test func missingNullContainersAndBrokenTextHaveNoValue() {
    #expect(value("usage_object.prompt_tokens_details.audio_tokens", metadata) == nil)
    #expect(value("usage_object", metadata) == nil)
    #expect(value("nope", metadata) == nil)
    #expect(value("tags.7", metadata) == nil)
    for broken in [
      "", "{", #"{"a": 1"#, #"{"a": }"#, #"{"a" 1}"#, "[1, 2", #"{"a": "x}"#, "nonsense", #"{"a": 1}}"#,
      String(repeating: "[", count: 10_000), String(repeating: "{\"a\":", count: 5_000),
    ] {
      #expect(value("a", broken) == nil, "\(broken.prefix(20))")
    }
  }

  @Test func badPathsAreRejected() {
    #expect(JSONPath("a..b") == nil)
    #expect(JSONPath("") == nil)
    #expect(JSONPath(".a") == nil)
    #expect(JSONPath("a.b")?.description == "a.b")
  }
}
