-- The usage cube from the 19-field call schema (specs/data-schema.md).
--
-- Reads a table or view named `calls` whose columns carry the schema's names as text, exactly as
-- the CSV spells them (DuckDB: read_csv(path, header = true, all_varchar = true); Spark:
-- spark.read.csv(path, header = True) without inferSchema). Writes one row per hour x customer
-- x model x task type x feature: the columns and sums of `meterbook simulate --format cube`.
--
-- Runs unchanged on DuckDB and Spark SQL; see specs/standards.md, "The usage cube in SQL", for
-- Trino and BigQuery. Money is DECIMAL(38, 9): the cast rounds a cost with more than nine
-- decimals once per call, half away from zero, to the nano-dollar (as `meterbook analyze`
-- reads it; DuckDB and Spark both round so), and the sum is exact.
SELECT
  substr(timestamp, 1, 13) || ':00:00Z' AS hour,
  customer_id,
  provider,
  model,
  task_type,
  feature_id,
  count(*) AS calls,
  count(CASE WHEN status = 'error' THEN 1 END) AS errors,
  sum(CAST(input_tokens AS BIGINT)) AS input_tokens,
  sum(CAST(output_tokens AS BIGINT)) AS output_tokens,
  sum(CAST(cached_input_tokens AS BIGINT)) AS cached_input_tokens,
  sum(CAST(cost_usd AS DECIMAL(38, 9))) AS cost_usd
FROM calls
GROUP BY substr(timestamp, 1, 13), customer_id, provider, model, task_type, feature_id
ORDER BY hour, customer_id, provider, model, task_type, feature_id
