import Foundation
import Testing
@testable import CLVModels

@Suite struct GammaGammaTests {
    /// Oracle: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": on the 946 CDNOW
    /// repeat buyers (Hardie's zbar), p = 6.25, q = 3.74, γ = 15.44 (printed digits; the ML γ is
    /// 15.448, so γ is checked to ±0.01 of 15.44 as the data README says).
    @Test func paramsMatchFaderHardie2013() throws {
        let rows = try Fixture.hardieSummary()
        let fit = try GammaGamma.fit(frequency: rows.map(\.x), monetaryValue: rows.map(\.zbar))
        let p = fit.parameters
        print("Gamma-Gamma CDNOW: \(p), LL \(fit.logLikelihood), SE \(fit.standardErrors)")
        #expect(fit.customers == 946)
        #expect(rounded(p.p, 2) == 6.25)
        #expect(rounded(p.q, 2) == 3.74)
        #expect(abs(p.gamma - 15.44) <= 0.01)
    }

    /// Oracle: the same published estimates from our own summary of the raw log (monetary value =
    /// mean repeat spend after same-day merging, unrounded, where Hardie's zbar has 2 decimals).
    @Test func paramsFromOwnSummaryMatchPaper() throws {
        let fit = try GammaGamma.fit(try Fixture.cdnowCalibrationSummary())
        let p = fit.parameters
        print("Gamma-Gamma from own summary: \(p)")
        #expect(fit.customers == 946)
        #expect(rounded(p.p, 2) == 6.25)
        #expect(rounded(p.q, 2) == 3.74)
        #expect(abs(p.gamma - 15.44) <= 0.01)
    }

    /// Oracle: the conditional mean is the weighted average of the population mean pγ/(q−1) and
    /// m_x with weights (q−1)/(px+q−1) and px/(px+q−1) (note 025 eq. 5 rearranged).
    @Test func conditionalSpendIsWeightedAverage() {
        let m = GammaGamma(p: 6.25, q: 3.74, gamma: 15.44)
        for (x, mx) in [(1, 20.0), (5, 35.5), (50, 12.0)] {
            let px = m.p * Double(x)
            let w = px / (px + m.q - 1)
            let expected = (1 - w) * m.expectedSpend + w * mx
            #expect(relativeError(m.conditionalExpectedSpend(frequency: x, monetaryValue: mx), expected) < 1e-14)
        }
        #expect(m.conditionalExpectedSpend(frequency: 0, monetaryValue: 0) == m.expectedSpend)
    }

    /// Invariant: finite log-density for extreme customers (x = 200, tiny and huge m_x).
    @Test func extremeCustomersStayFinite() {
        let m = GammaGamma(p: 6.25, q: 3.74, gamma: 15.44)
        for (x, mx) in [(200, 1e-6), (200, 1e6), (1, 1e-9), (1, 1e9)] {
            #expect(m.logLikelihood(frequency: x, monetaryValue: mx).isFinite)
            #expect(m.conditionalExpectedSpend(frequency: x, monetaryValue: mx).isFinite)
        }
    }

    @Test func emptyAndInvalidData() {
        #expect(throws: FitError.emptyData) { try GammaGamma.fit(frequency: [0, 0], monetaryValue: [0, 0]) }
        #expect(throws: FitError.self) { try GammaGamma.fit(frequency: [1], monetaryValue: [-2]) }
    }
}
