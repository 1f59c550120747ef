import CLVReport
import CLVSimulation
import Foundation

/// `clvlab merge`: the partial results of `simulate --shard i/n` combined into one run's results
/// — the same numbers, bit for bit — then summarised and written (``RunCompletion``).
public struct MergeWorkflow: Sendable {
    /// Partial result files, or folders holding `*.clvpart` files.
    public var parts: [String]
    public var completion: RunCompletion

    public init(parts: [String], completion: RunCompletion) {
        self.parts = parts
        self.completion = completion
    }

    var log: WorkflowLog { completion.log }

    /// Read, check, merge, summarise, write.
    /// - Throws: ``WorkflowError`` for missing or unreadable parts, parts of different runs,
    ///   overflowing sums, unusable numbers or unwritable output.
    public func run() async throws -> Summary {
        let files = try partFiles()
        try completion.claimOutput()
        let started = ContinuousClock.now
        do {
            let partials = try files.map { path throws(PartialFileError) in try SimulationPartial(contentsOf: path) }
            if partials.first?.isStreaming == true {
                let result = try SimulationEngine.mergeStreaming(partials)
                log.info("merged \(files.count) streaming partial results: \(result.customers) customers × \(result.replications) replications × \(result.variants.count) variants in \(started.duration(to: .now))")
                return try await completion.finish(result)
            }
            let result = try SimulationEngine.merge(partials)
            log.info("merged \(files.count) partial results: \(result.customers) customers × \(result.replications) replications × \(result.variants.count) variants in \(started.duration(to: .now))")
            return try await completion.finish(result)
        } catch let error as PartialFileError {
            throw WorkflowError(.input, error.description)
        } catch let error as MergeError {
            throw WorkflowError(.input, error.description)
        } catch let error as StreamingOverflow {
            throw WorkflowError(.input, error.description)
        }
    }

    /// The files to read: each given file, and the `*.clvpart` files of each given folder in name order.
    func partFiles() throws -> [String] {
        var files: [String] = []
        for path in parts {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw WorkflowError(.input, "\(path): no such file or folder")
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            let inside = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".clvpart") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            if inside.isEmpty { throw WorkflowError(.input, "\(path): no .clvpart files in this folder") }
            files += inside
        }
        return files
    }
}
