import Foundation
import Stochastic
import Testing
@testable import CLVModels

@Suite struct ParameterUncertaintyTests {
    /// The shipped BG/NBD fit on CDNOW (data/fits/cdnow-bgnbd.json).
    static func cdnowBGNBD() throws -> FittedModel {
        let fits = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/fits")
        return try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: fits.appendingPathComponent("cdnow-bgnbd.json")))
    }

    /// One replication's stream, keyed as a simulation would key it.
    static func stream(_ replication: Int) -> KeyedStream {
        let s = KeyedStream()
        s.rekey(CustomerKey(seed: 20_260_509, replication: replication, customer: 0), period: 0, purpose: DrawPurpose(rawValue: 0x7061_7261))
        return s
    }

    /// Oracle: the distribution the type promises, log θ ~ N(μ, V) with μ = log θ̂ and
    /// V = D⁻¹ Σ D⁻¹ computed here from the file, over n = 20,000 keyed draws.
    ///
    /// Tolerances are four Monte Carlo standard errors of each statistic for a normal sample:
    /// - the sample mean of log θᵢ has sd √(Vᵢᵢ / n);
    /// - the sample covariance Sᵢⱼ (divisor n − 1) has (n − 1) S ~ Wishart(V, n − 1), whose entries
    ///   have variance (n − 1)(Vᵢⱼ² + VᵢᵢVⱼⱼ), so sd(Sᵢⱼ) = √((Vᵢⱼ² + VᵢᵢVⱼⱼ) / (n − 1)).
    /// 4 + 10 statistics at 4 sd: a correct sampler fails with probability ≈ 14 × 6.3·10⁻⁵ < 10⁻³
    /// (and, the keys being fixed, either always or never).
    @Test func drawsHaveTheDeltaMethodMeanAndCovarianceOnTheLogScale() throws {
        let file = try Self.cdnowBGNBD()
        let u = try ParameterUncertainty(file)
        #expect(u.names == ["r", "alpha", "a", "b"])
        let sigma = try #require(file.covariance)
        let theta = u.names.map { file.parameters[$0]! }
        let mu = theta.map { log($0) }
        let v = u.names.indices.map { i in u.names.indices.map { j in sigma[u.names[i]]![u.names[j]]! / (theta[i] * theta[j]) } }

        let n = 20_000, k = u.names.count
        let samples = (0..<n).map { u.draw(using: Self.stream($0)).map { log($0) } }
        let mean = (0..<k).map { i in samples.reduce(0) { $0 + $1[i] } / Double(n) }
        for i in 0..<k {
            #expect(abs(mean[i] - mu[i]) <= 4 * (v[i][i] / Double(n)).squareRoot(), "mean of log \(u.names[i])")
        }
        for i in 0..<k {
            for j in 0...i {
                let s = samples.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[j] - mean[j]) } / Double(n - 1)
                let sd = ((v[i][j] * v[i][j] + v[i][i] * v[j][j]) / Double(n - 1)).squareRoot()
                #expect(abs(s - v[i][j]) <= 4 * sd, "cov(log \(u.names[i]), log \(u.names[j])): \(s) vs \(v[i][j]) ± \(sd)")
            }
        }
    }

    /// A draw reads exactly one standard normal per parameter, in parameter order: the first
    /// parameter moves by √V₁₁ · z₁ (the factor's first row), and the stream is left where four
    /// normals leave it. Relative 1e-12: exp then log, a few roundings of ~1e-16 each.
    @Test func drawReadsOneNormalPerParameterInOrder() throws {
        let file = try Self.cdnowBGNBD()
        let u = try ParameterUncertainty(file)
        let drawn = Self.stream(7), reference = Self.stream(7)
        let theta = u.draw(using: drawn)
        let z = u.names.map { _ in reference.normal(mean: 0, sd: 1) }
        let r = file.parameters["r"]!, se = file.standardErrors["r"]!
        let expected = log(r) + (se / r) * z[0]
        #expect(abs(log(theta[0]) - expected) <= 1e-12 * abs(expected))
        #expect(drawn.next() == reference.next())
        #expect(theta.allSatisfy { $0 > 0 && $0.isFinite })
    }

    /// drawFile changes the parameters to the draw and nothing else; the result loads as a model.
    @Test func drawFileReplacesOnlyTheParameters() throws {
        let file = try Self.cdnowBGNBD()
        let u = try ParameterUncertainty(file)
        let drawn = u.drawFile(using: Self.stream(3))
        #expect(drawn.parameters == Dictionary(uniqueKeysWithValues: zip(u.names, u.draw(using: Self.stream(3)))))
        #expect(drawn.parameters != file.parameters)
        var rest = drawn
        rest.parameters = file.parameters
        #expect(rest == file)
        #expect(try ModelRegistry.purchaseModel(drawn) is BGNBD)
    }

    /// Oracle: ``FitResult/covariance`` itself. The file holds it entry for entry under the papers'
    /// names, symmetric, with standard_errors² on its diagonal (relative 1e-12: the standard error
    /// is the rounded square root of the diagonal, squared again), and it survives a JSON round trip.
    @Test(arguments: ModelRegistry.names)
    func modelFileCarriesTheFitsCovariance(_ name: String) throws {
        let type = try ModelRegistry.model(named: name)
        let fit = try type.fitModel(try ModelRegistryTests.calibrationData())
        let file = fit.fittedModel(period: .week)
        let cov = try #require(file.covariance)
        let names = type.parameterNames
        #expect(Set(cov.keys) == Set(names))
        for (i, a) in names.enumerated() {
            #expect(Set(cov[a]!.keys) == Set(names))
            for (j, b) in names.enumerated() {
                #expect(cov[a]![b]! == fit.covariance[i][j])
                #expect(cov[a]![b]! == cov[b]![a]!)
            }
            let se = file.standardErrors[a]!
            #expect(abs(cov[a]![a]! - se * se) <= 1e-12 * cov[a]![a]!)
        }
        let json = try JSONEncoder().encode(file)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["covariance"] is [String: [String: Double]])
        let decoded = try JSONDecoder().decode(FittedModel.self, from: json)
        #expect(decoded == file)
        #expect(try ParameterUncertainty(decoded).names == names)
    }

    /// Model files written before the covariance still load, and say how to get one.
    @Test func fileWithoutCovarianceLoadsButCannotBeDrawnFrom() throws {
        let json = #"{"model":"bgnbd","parameters":{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426},"standard_errors":{"r":0.0126,"alpha":0.378,"a":0.186,"b":0.705},"log_likelihood":-9582.4,"customers":2357,"period":"week","converged":true}"#
        let file = try JSONDecoder().decode(FittedModel.self, from: Data(json.utf8))
        #expect(file.covariance == nil)
        #expect(try ModelRegistry.purchaseModel(file) is BGNBD)
        #expect(throws: ModelFileError.missingCovariance(model: .bgnbd)) { try ParameterUncertainty(file) }
        #expect(ModelFileError.missingCovariance(model: .bgnbd).description
                == "bgnbd model file lacks the covariance of its estimates (needed to draw parameters from their uncertainty); "
                + "refit with clvlab fit to add the covariance")
        var partial = try Self.cdnowBGNBD()
        partial.covariance?["b"] = nil
        #expect(throws: ModelFileError.missingCovariance(model: .bgnbd)) { try ParameterUncertainty(partial) }
        partial = try Self.cdnowBGNBD()
        partial.covariance?["a"]?["r"] = nil
        #expect(throws: ModelFileError.missingCovariance(model: .bgnbd)) { try ParameterUncertainty(partial) }
    }

    /// A covariance that cannot be a normal's is an error that says why.
    @Test func unusableCovarianceIsAClearError() throws {
        let good = try Self.cdnowBGNBD()
        func error(_ edit: (inout [String: [String: Double]]) -> Void) -> ModelFileError? {
            var file = good
            edit(&file.covariance!)
            do { _ = try ParameterUncertainty(file); return nil } catch { return error }
        }
        // Correlation 1.5 between r and alpha: no covariance matrix has it.
        let c = 1.5 * (good.covariance!["r"]!["r"]! * good.covariance!["alpha"]!["alpha"]!).squareRoot()
        #expect(error { $0["r"]!["alpha"] = c; $0["alpha"]!["r"] = c }
                == .invalidCovariance(model: .bgnbd, reason: "it is not positive definite on the log scale"))
        #expect(error { $0["b"]!["b"] = .nan } == .invalidCovariance(model: .bgnbd, reason: "an entry is not finite"))
        #expect(error { $0["a"]!["r"]! *= 2 } == .invalidCovariance(model: .bgnbd, reason: "it is not symmetric (a, r)"))
        #expect(ModelFileError.invalidCovariance(model: .bgnbd, reason: "an entry is not finite").description
                == "bgnbd model file's covariance is unusable: an entry is not finite; refit with clvlab fit to write it again")
    }
}
