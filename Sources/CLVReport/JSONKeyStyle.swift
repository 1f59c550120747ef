import Foundation

/// Every JSON the tool writes has snake_case keys. Types keep their Swift (camelCase) names where
/// Codable synthesises them; ``written(_:)`` renames those keys on the encoded tree and, for one
/// release, keeps the old name beside the new one (README, "Deprecated JSON keys").
public enum JSONKeyStyle {
    /// The release whose JSON drops the camelCase aliases.
    public static let aliasesRemovedIn = "0.2.0"

    /// Deprecated camelCase key → its snake_case replacement. Documented in README; a camelCase
    /// key missing here still gets a snake_case twin, but the key-style test fails on it.
    public static let deprecatedAliases: [String: String] = [
        "acquisitionCost": "acquisition_cost", "adjustedPValue": "adjusted_p_value", "annualDiscountRate": "annual_discount_rate",
        "averageCustomerPeriod": "average_customer_period", "baselineCustomers": "baseline_customers",
        "campaignCostPerCustomer": "campaign_cost_per_customer", "costToServe": "cost_to_serve", "cumulativeShare": "cumulative_share",
        "decayHalfLife": "decay_half_life", "degreesOfFreedom": "degrees_of_freedom", "gammaGamma": "gamma_gamma",
        "incrementalCost": "incremental_cost", "incrementalValue": "incremental_value", "kolmogorovSmirnov": "kolmogorov_smirnov",
        "meanDifference": "mean_difference", "medianPeriod": "median_period", "minSpend": "min_spend", "neverPaidBack": "never_paid_back",
        "pAliveBelow": "p_alive_below", "pValue": "p_value", "pValueAdjustment": "p_value_adjustment", "paidBackShare": "paid_back_share",
        "perContact": "per_contact", "perCustomerPerPeriod": "per_customer_per_period", "perMemberPerPeriod": "per_member_per_period",
        "postPromotionDip": "post_promotion_dip", "purchaseRate": "purchase_rate", "quantileDifferences": "quantile_differences",
        "recencyAtLeast": "recency_at_least", "rewardRate": "reward_rate", "shareNegative": "share_negative",
        "standardDeviation": "standard_deviation", "standardError": "standard_error", "topDecileShare": "top_decile_share",
        "topPercent": "top_percent", "variantCustomers": "variant_customers",
        // Codable's name for an enum case's unlabeled value ({"fixed": {"_0": 0.3}} in the scenario echo).
        "_0": "value",
    ]

    /// The contract's key form.
    public static func isSnakeCase(_ key: String) -> Bool {
        key.wholeMatch(of: /[a-z0-9]+(_[a-z0-9]+)*/) != nil
    }

    /// `fooBarBaz` → `foo_bar_baz`, for a camelCase key the table does not name.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { if !out.isEmpty && out.last != "_" { out.append("_") }; out += ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// The tree as written: each non-snake_case key becomes its snake_case form, with the old key
    /// kept too (an existing key of the new name wins, so contract keys never change).
    static func written(_ tree: JSONTree) -> JSONTree {
        switch tree {
        case .array(let a): return .array(a.map(written))
        case .object(let o):
            var out: [String: JSONTree] = [:]
            for (key, value) in o {
                let v = written(value)
                out[key] = v
                if !isSnakeCase(key) {
                    let new = deprecatedAliases[key] ?? snakeCase(key)
                    if o[new] == nil { out[new] = v }
                }
            }
            return .object(out)
        default: return tree
        }
    }

    /// The tree as the Swift types read it: a snake_case key whose camelCase alias is absent gets
    /// that alias, so files written before, during and after the deprecation all decode.
    static func readable(_ tree: JSONTree) -> JSONTree {
        switch tree {
        case .array(let a): return .array(a.map(readable))
        case .object(let o):
            var out: [String: JSONTree] = [:]
            for (key, value) in o { out[key] = readable(value) }
            for (old, new) in deprecatedAliases where o[old] == nil {
                if let v = out[new] { out[old] = v }
            }
            return .object(out)
        default: return tree
        }
    }

    /// JSON bytes any clvlab version wrote, made decodable by the current types.
    public static func readable(_ data: Data) throws -> Data {
        let tree = try JSONDecoder().decode(JSONTree.self, from: data)
        return try JSONEncoder().encode(readable(tree))
    }
}
