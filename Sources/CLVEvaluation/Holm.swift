/// Holm's (1979) step-down adjustment for k simultaneous tests, controlling the family-wise
/// error rate under any dependence: with ascending p₍₁₎ ≤ … ≤ p₍ₖ₎, the adjusted value is
/// p̃₍ᵢ₎ = max_{j ≤ i} min(1, (k − j + 1) p₍ⱼ₎). Same result as statsmodels'
/// `multipletests(method="holm")`.
public enum Holm {
    /// Adjusted p-values in the order of `pValues`.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let k = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 0, count: k)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(k - rank) * pValues[i]))
            adjusted[i] = running
        }
        return adjusted
    }
}
