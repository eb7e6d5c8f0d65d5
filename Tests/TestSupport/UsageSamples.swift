import Foundation

/// Usage exports written by tests of both targets.
public enum UsageSamples {
  /// The columns of a LiteLLM spend-log export.
  public static let header =
    "request_id,startTime,custom_llm_provider,model,prompt_tokens,completion_tokens,spend,metadata,status,end_user,user,team_id"

  /// A month of 5,580 calls in only 279 hourly cells.
  ///
  /// Three customers each call three models 20 times in one hour of every day of March, with
  /// tokens, costs and failures that vary call by call. Its calls (about 740 KB in memory) pass a 512 KB budget while its cells
  /// (about 78 KB) stay within that budget's cell allowance, so the file is kept as sums by hour.
  public static let denseLiteLLM: String = {
    var lines = [header]
    let customers = ["acme", "globex", "initech"]
    let models = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5"]
    var n = 0
    for day in 1...31 {
      for (c, customer) in customers.enumerated() {
        for (m, model) in models.enumerated() {
          let provider = model.hasPrefix("claude") ? "anthropic" : "openai"
          for k in 0..<20 {
            n += 1
            let time = String(format: "2026-03-%02d %02d:%02d:%02d.000", day, 8 + c + 3 * m, k * 3, n % 60)
            let status = n % 23 == 0 ? "failure" : "success"
            lines.append(
              "d\(n),\(time),\(provider),\(model),\(100 * (n % 17 + 1)),\(20 * (n % 5 + 1)),0.0\(n % 9 + 1)\(n % 7),{},\(status),\(customer),,team-\(c)"
            )
          }
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }()
}
