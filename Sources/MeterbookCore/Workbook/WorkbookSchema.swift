import Foundation

/// The JSON Schema (draft 2020-12) of the workbook format, built from the same key lists the
/// loader checks, so editors flag what `meterbook validate` would reject.
///
/// It uses a small subset of JSON Schema — `type`, `properties`, `additionalProperties`,
/// `patternProperties`, `required`, `items`, `enum`, `minimum`, `maximum`, `anyOf` — which
/// every editor plugin understands.
public enum WorkbookSchema {
  public typealias JSON = [String: Any]

  static func object(_ properties: JSON, required: [String] = [], extra: JSON = [:]) -> JSON {
    var o: JSON = ["type": "object", "properties": properties, "additionalProperties": false]
    if !required.isEmpty { o["required"] = required }
    for (k, v) in extra { o[k] = v }
    return o
  }
  static func map(_ value: JSON) -> JSON { ["type": "object", "additionalProperties": value] }
  static func number(_ lo: Double? = nil, _ hi: Double? = nil) -> JSON {
    var o: JSON = ["type": "number"]
    if let lo { o["minimum"] = lo }
    if let hi { o["maximum"] = hi }
    return o
  }
  static func integer(_ lo: Int? = nil, _ hi: Int? = nil) -> JSON {
    var o: JSON = ["type": "integer"]
    if let lo { o["minimum"] = lo }
    if let hi { o["maximum"] = hi }
    return o
  }
  static var string: JSON { ["type": "string"] }
  static var money: JSON { ["anyOf": [number(0), ["type": "string", "pattern": "^\\$?[0-9,]*(\\.[0-9]{1,9})?$"]]] }
  static func list(_ item: JSON) -> JSON { ["type": "array", "items": item] }
  static func choice(_ values: [String]) -> JSON { ["enum": values] }
  static var pair: JSON {
    ["anyOf": [number(0), ["type": "array", "items": number(0), "minItems": 2, "maxItems": 2]]]
  }
  static var date: JSON { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] }

  static var pattern: JSON {
    var variants: [JSON] = [choice(TrafficPattern.names)]
    for name in TrafficPattern.names {
      let params = PatternDecoder.parameters[name] ?? []
      var props: JSON = [:]
      for p in params {
        switch p {
        case "from", "to", "feature": props[p] = string
        case "cycle": props[p] = choice(SeasonalCycle.allCases.map(\.rawValue))
        case "holidays": props[p] = list(date)
        case "multiplier": props[p] = pair
        default: props[p] = number()
        }
      }
      variants.append(object([name: ["anyOf": [object(props), ["type": "null"]]]], required: [name]))
    }
    return ["anyOf": variants]
  }

  static var scenario: JSON {
    let archetype = object(["share": number(0, 1), "calls_per_day": pair], required: ["share", "calls_per_day"])
    let tier = object(["fee": money, "share": number(0, 1), "included_calls": integer(0)], required: ["fee", "share"])
    let region = object(["utc_offset": integer(-12, 14), "share": number(0, 1)], required: ["utc_offset", "share"])
    let tasks = object(Dictionary(uniqueKeysWithValues: TaskType.all.map { ($0.rawValue, number(0)) }))
    let feature = object(["popularity": number(0), "tasks": tasks])
    let token = object(Dictionary(uniqueKeysWithValues: ScenarioDecoder.tokenKeys.map { ($0, number(0)) }))
    let props: JSON = [
      "description": string, "use": list(string), "extends": string, "catalog": string, "seed": integer(0),
      "customers": integer(1, 1_000_000), "organizations": integer(1), "organization_skew": number(0, 5),
      "archetypes": map(archetype), "tiers": map(tier), "regions": map(region), "features": map(feature),
      "products": list(string),
      "mix": object([
        "providers": map(number(0, 1)), "models": map(number(0)), "task_affinity": number(0, 4),
        "by_task": object(Dictionary(uniqueKeysWithValues: TaskType.all.map { ($0.rawValue, map(number(0))) })),
      ]),
      "traffic": list(pattern),
      "tokens": object(Dictionary(uniqueKeysWithValues: TaskType.all.map { ($0.rawValue, token) })),
      "data": object(
        ["file": string, "cube": string, "map": string, "customer_tiers": map(string)],
        extra: ["oneOf": [["required": ["file"]], ["required": ["cube"], "not": ["required": ["map"]]]]]),
      "new_customers": integer(0, Limits.customers),
    ]
    return object(
      props, extra: ["patternProperties": ["^(traffic|products|use)\\+$": list(["anyOf": [string, pattern]])]])
  }

  static var plan: JSON {
    let tier = object(["up_to": integer(1), "price": money, "flat": money], required: ["price"])
    let charge = object(
      [
        "id": string, "metric": choice(Charge.metrics), "price": money, "per": integer(1), "package": integer(1),
        "tiers": list(tier),
        "mode": choice(["graduated", "volume"]), "markup": number(-1, 100), "included": integer(0),
        "where": object(Dictionary(uniqueKeysWithValues: PlanDecoder.filterDimensions.map { ($0, string) })),
        "matrix": list(
          object([
            "model": string, "provider": string, "input": money, "cached_input": money, "output": money,
            "list_plus": number(-100, 10_000),
          ])),
        "default": object(["input": money, "cached_input": money, "output": money, "list_plus": number(-100, 10_000)]),
        "tiers_by": choice(PlanDecoder.tieringMetrics),
      ], required: ["metric"])
    return object([
      "description": string, "fee": ["anyOf": [money, map(money)]], "charges": list(charge), "minimum": money,
      "cap": money, "credits": money, "tiers": map(string), "currency": choice(Currency.allCases.map(\.rawValue)),
      "discounts": list(
        object([
          "percent": number(0, 100), "amount": money, "periods": integer(1), "tier": string, "archetype": string,
          "commit": money,
        ])),
      "billing": object(["period": choice(BillingCycle.Unit.allCases.map(\.rawValue)), "anchor": integer(1)]),
    ])
  }

  static var cell: JSON {
    let on: JSON = string
    let chart = object(
      [
        "metric": ["anyOf": [choice(ChartQuery.metrics), list(choice(ChartQuery.metrics))]],
        "by": ["anyOf": [choice(ChartQuery.dimensions), list(choice(ChartQuery.dimensions))]],
        "where": object(Dictionary(uniqueKeysWithValues: ChartQuery.dimensions.map { ($0, string) })),
        "top": integer(1, 1000), "type": choice(ChartQuery.types), "for": ["anyOf": [string, list(string)]],
        "on": on,
      ], required: ["metric"])
    let analyzers = AnalyzerName.allCases.map(\.rawValue)
    let figures: JSON = ["anyOf": [string, list(string)]]
    let value: JSON = ["anyOf": [number(), string]]
    let axis: [String: JSON] = [
      "path": string, "from": value, "to": value, "steps": integer(2, Limits.sweepPoints), "by": value,
    ]
    let sweep = object(
      axis.merging(["and": object(axis, required: ["path", "from", "to"]), "on": on, "show": figures]) { a, _ in a },
      required: ["path", "from", "to"])
    let kinds: [String: JSON] = [
      "md": string, "run": string,
      "report": ["anyOf": [choice(analyzers), object(["name": choice(analyzers), "on": on], required: ["name"])]],
      "compare": [
        "anyOf": [
          object(["plans": list(string), "on": on], required: ["plans"]),
          object(["scenarios": list(string), "show": figures], required: ["scenarios"]),
        ]
      ],
      "chart": chart,
      "whatif": object(["on": on, "set": ["type": "object"], "show": list(string)], required: ["set"]),
      "reprice": object(
        [
          "model": string, "to": string, "share": number(0, 1), "input": money, "output": money, "as_of": string,
          "on": on,
        ]),
      "sweep": sweep,
      "project": ["anyOf": [string, object(["plans": list(string), "on": on, "months": horizonMonths])]],
      "export": [
        "anyOf": [string, object(["file": string, "format": choice(CellDecoder.exportFormats)], required: ["file"])]
      ],
    ]
    let variants = Cell.kinds.compactMap { kind in
      kinds[kind].map { object(["id": string, kind: $0], required: [kind]) }
    }
    return ["anyOf": variants]
  }

  /// `12`, `12 months` or `1 month`.
  static var horizonMonths: JSON {
    ["anyOf": [integer(1, Horizon.maxMonths), ["type": "string", "pattern": "^[0-9]+( months?)?$"]]]
  }

  /// `horizon: 12 months`, or its assumptions.
  static var horizon: JSON {
    [
      "anyOf": [
        horizonMonths,
        object(
          [
            "months": horizonMonths, "new_customers": map(number(0)), "churn": number(0, 1),
            "expansion": number(-0.5, 1),
            "migrations": list(object(["plan": string, "on": date], required: ["plan", "on"])),
            "discount_rate": number(0, 1), "cac": money,
          ], required: ["months"]),
      ]
    ]
  }

  /// The whole schema.
  public static var schema: JSON {
    var root = object([
      "title": string, "seed": integer(0), "seeds": integer(1, Uncertainty.maxSeeds),
      "interval": number(Uncertainty.intervals.lowerBound, Uncertainty.intervals.upperBound),
      "tolerance": number(Uncertainty.tolerances.lowerBound, Uncertainty.tolerances.upperBound),
      "period": object(["start": date, "days": integer(1, 3660)]),
      "scenarios": map(scenario), "plans": map(plan),
      "budgets": map(
        object(
          [
            "scope": [
              "anyOf": [
                choice(["all"]), object(Dictionary(uniqueKeysWithValues: Budget.scopeDimensions.map { ($0, string) })),
              ]
            ],
            "amount": money, "thresholds": list(number(0.01, 10)),
          ], required: ["amount"])),
      "cost_centers": map(
        map(map(object(Dictionary(uniqueKeysWithValues: CostCenter.dimensions.map { ($0, string) }))))),
      "alerts": map(
        object(
          [
            "metric": choice(AlertRule.metrics), "window": choice(AlertRule.windows), "scope": choice(AlertRule.scopes),
            "threshold": number(0),
          ], required: ["metric", "threshold"])),
      "assumptions": object([
        "migration_cost": money, "max_payback_months": number(0, 1_200), "sla_p95_ms": number(1, 3_600_000),
        "quality_tolerance": number(0, 1), "target_markup": number(0, 100), "observed_calls": integer(1, 1_000_000),
      ]),
      "cells": list(cell),
      "fx": ["type": "string", "pattern": "^fx/"], "display_currency": choice(Currency.allCases.map(\.rawValue)),
      "horizon": horizon,
    ])
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    root["title"] = "Meterbook workbook"
    root["description"] =
      "A Meterbook workbook: scenarios, pricing plans, budgets and cells. See specs/workbook-format.md."
    return root
  }

  /// The schema as pretty JSON with sorted keys (stable bytes).
  public static var json: String {
    let data =
      (try? JSONSerialization.data(
        withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
