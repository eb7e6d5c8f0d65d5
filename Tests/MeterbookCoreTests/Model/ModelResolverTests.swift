import Testing

@testable import MeterbookCore

/// The alias rules (specs/standards.md, "Model aliases") on the names tools log.
struct ModelResolverTests {
  let resolver = ModelResolver(catalog: Fixtures.catalog, aliases: ["house-model": "mistral/mistral-large-latest"])

  static let table: [(model: String, provider: String?, id: String)] = [
    ("gpt-4o", nil, "openai/gpt-4o"),
    ("gpt-4o-2024-08-06", nil, "openai/gpt-4o"),
    ("gpt-4o-mini-2024-07-18", "openai", "openai/gpt-4o-mini"),
    ("openai/gpt-4o", nil, "openai/gpt-4o"),
    ("azure/gpt-4o", nil, "azure/gpt-4o"),
    ("gpt-4o", "azure", "azure/gpt-4o"),
    ("gpt-4o", "Azure OpenAI", "azure/gpt-4o"),
    ("GPT-4O", "OPENAI", "openai/gpt-4o"),
    ("o3-2025-04-16", nil, "openai/o3"),
    ("gpt-4-0613", nil, "openai/gpt-4"),
    ("claude-sonnet-4-5-20250929", "anthropic", "anthropic/claude-sonnet-4-5"),
    ("claude-sonnet-4-5@20250929", "vertex_ai", "anthropic/claude-sonnet-4-5"),
    ("anthropic/claude-haiku-4-5-20251001", nil, "anthropic/claude-haiku-4-5"),
    ("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", nil, "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ("claude-sonnet-4-5-20250929", "bedrock", "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ("eu.amazon.nova-pro-v1:0", "bedrock", "bedrock/amazon.nova-pro-v1:0"),
    ("vertex_ai/gemini-2.5-flash", nil, "google/gemini-2.5-flash"),
    ("gemini-2.5-pro", "gemini", "google/gemini-2.5-pro"),
    ("mistral-large-2411", "mistral", "mistral/mistral-large-latest"),
    ("house-model", nil, "mistral/mistral-large-latest"),
    ("bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0", nil, "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0"),
  ]

  @Test(arguments: table)
  func loggedNamesResolveToCatalogModels(_ entry: (model: String, provider: String?, id: String)) {
    #expect(resolver.resolve(model: entry.model, provider: entry.provider)?.spec.id == entry.id)
  }

  @Test func eachRuleIsNamed() {
    #expect(resolver.resolve(model: "house-model", provider: nil)?.rule == .mappingAlias)
    #expect(resolver.resolve(model: "openai/gpt-4o", provider: nil)?.rule == .catalogID)
    #expect(resolver.resolve(model: "gpt-4o", provider: "openai")?.rule == .exact)
    #expect(resolver.resolve(model: "gpt-4o-2024-08-06", provider: nil)?.rule == .canonical)
  }

  @Test(arguments: [
    ("gpt-4o-mnii", "openai/gpt-4o-mini"), ("claude-sonet-4-5", "anthropic/claude-sonnet-4-5"),
    ("gpt-5-nano-2025-08-07", "openai/gpt-4.1-nano"), ("totally-different", nil),
  ])
  func unknownNamesGetTheNearestCatalogModel(_ logged: String, _ suggestion: String?) {
    #expect(resolver.resolve(model: logged, provider: nil) == nil)
    #expect(resolver.suggestion(for: logged) == suggestion)
  }

  @Test func canonicalFormsDropDatesVersionsAndPrefixes() {
    #expect(ModelResolver.canonical("us.anthropic.claude-sonnet-4-5-20250929-v1:0") == "claude-sonnet-4-5")
    #expect(ModelResolver.canonical("gpt-4o-2024-08-06") == "gpt-4o")
    #expect(ModelResolver.canonical("claude-opus-4-5@20251101") == "claude-opus-4-5")
    #expect(ModelResolver.canonical("mistral-small-latest") == "mistral-small")
    #expect(ModelResolver.canonical("gpt-4.1-nano") == "gpt-4.1-nano")
    #expect(resolver.providerKey("vertex_ai") == "google")
    #expect(resolver.providerKey("AWS Bedrock") == "bedrock")
  }
}
