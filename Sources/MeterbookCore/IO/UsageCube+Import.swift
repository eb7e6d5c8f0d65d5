/// Reading a usage cube made elsewhere (DuckDB, Spark, another `meterbook`) back in.
///
/// A cube CSV imports through the `cube` mapping preset (`scenarios/mappings/cube.yaml`): each
/// row becomes its `calls` calls at the hour's start, tokens and cost split exactly, the first
/// `errors` calls failed. So every analyzer, plan and export reads it as it reads calls, and its
/// sums (by customer, model, task type, feature, hour, day) are the cube's, to the nano-dollar.
extension UsageCube {
  /// The mapping preset that reads a cube CSV: `analyze --cube FILE` and a `data: {cube: FILE}`
  /// scenario import with it.
  public static let mappingPreset = "cube"
}
