-- The usage cube from a FOCUS 1.2 (or 1.3) cost and usage export, as `meterbook simulate
-- --format focus` and `convert --to focus` write it (specs/standards.md, "FOCUS").
--
-- Reads a table or view named `focus` with the export's columns as text (DuckDB:
-- read_csv(path, header = true, all_varchar = true); Spark: spark.read.csv(path, header =
-- True)). FOCUS is day-grained and carries neither task type nor feature, so this cube has one
-- row per UTC day x customer x model, its hour the day's 00:00Z, its task_type and feature_id
-- 'unknown'. Its sums equal the call cube's summed to that grain, exactly:
--   * cost_usd: the sum of BilledCost (each call's exact cost, split across its token types);
--   * tokens: ConsumedQuantity of the Input and Cached Input Tokens meters (input_tokens counts
--     both, as the call schema does), of Cached Input Tokens, of Output Tokens;
--   * calls and errors: a call appears once in each meter's row of its group (day, customer,
--     model, rate, product, tier, region, organization), so a group's calls are the largest
--     x_Calls among its meters, and its errors the largest x_FailedCalls. This is exact when
--     every call has uncached input tokens, as simulated calls do; a call whose input was all
--     cached and which shares a group with calls that have no output may be missed.
-- Runs unchanged on DuckDB and Spark SQL. Money is DECIMAL(38, 9), summed exactly.
WITH meter_rows AS (
  SELECT
    substr(ChargePeriodStart, 1, 10) AS day,
    x_CustomerId AS customer_id,
    ProviderName AS provider,
    ServiceName AS model,
    CASE WHEN SkuPriceId LIKE '%/long-context' THEN 1 ELSE 0 END AS long_context,
    x_ProductId AS product_id,
    x_SubscriptionTier AS subscription_tier,
    RegionId AS region,
    SubAccountId AS organization_id,
    SkuMeter AS meter,
    CAST(x_Calls AS BIGINT) AS calls,
    CAST(x_FailedCalls AS BIGINT) AS failed_calls,
    CAST(ConsumedQuantity AS BIGINT) AS tokens,
    CAST(BilledCost AS DECIMAL(38, 9)) AS cost
  FROM focus
  WHERE ChargeCategory = 'Usage'
),
call_groups AS (
  SELECT
    day, customer_id, provider, model,
    max(calls) AS calls,
    max(failed_calls) AS errors,
    sum(CASE WHEN meter IN ('Input Tokens', 'Cached Input Tokens') THEN tokens ELSE 0 END) AS input_tokens,
    sum(CASE WHEN meter = 'Output Tokens' THEN tokens ELSE 0 END) AS output_tokens,
    sum(CASE WHEN meter = 'Cached Input Tokens' THEN tokens ELSE 0 END) AS cached_input_tokens,
    sum(cost) AS cost
  FROM meter_rows
  GROUP BY day, customer_id, provider, model, long_context, product_id, subscription_tier, region, organization_id
)
SELECT
  day || 'T00:00:00Z' AS hour,
  customer_id,
  provider,
  model,
  'unknown' AS task_type,
  'unknown' AS feature_id,
  sum(calls) AS calls,
  sum(errors) AS errors,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens,
  sum(cached_input_tokens) AS cached_input_tokens,
  CAST(sum(cost) AS DECIMAL(38, 9)) AS cost_usd
FROM call_groups
GROUP BY day, customer_id, provider, model
ORDER BY hour, customer_id, provider, model
