import Foundation

enum ProcessInfoShim {
    static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// Active processor count without importing Foundation into the engine's hot files.
enum ProcessInfoCores {
    static var active: Int { ProcessInfoShim.activeProcessorCount }
}
