-- Merges usage cubes (shards of a simulation, days exported apart, several warehouses) into
-- one: cells with the same hour x customer x model x task type x feature add up.
--
-- Reads a table or view named `cubes`: the cubes' rows stacked (DuckDB:
-- read_csv(['part-1.cube.csv', 'part-2.cube.csv'], header = true, all_varchar = true), or a
-- glob 'part-*.cube.csv'; Spark: spark.read.csv('part-*.cube.csv', header = True)). Columns after
-- cost_usd are not read. Runs unchanged on DuckDB and Spark SQL; money is DECIMAL(38, 9),
-- summed exactly.
SELECT
  hour,
  customer_id,
  provider,
  model,
  task_type,
  feature_id,
  sum(CAST(calls AS BIGINT)) AS calls,
  sum(CAST(errors AS BIGINT)) AS errors,
  sum(CAST(input_tokens AS BIGINT)) AS input_tokens,
  sum(CAST(output_tokens AS BIGINT)) AS output_tokens,
  sum(CAST(cached_input_tokens AS BIGINT)) AS cached_input_tokens,
  sum(CAST(cost_usd AS DECIMAL(38, 9))) AS cost_usd
FROM cubes
GROUP BY hour, customer_id, provider, model, task_type, feature_id
ORDER BY hour, customer_id, provider, model, task_type, feature_id
