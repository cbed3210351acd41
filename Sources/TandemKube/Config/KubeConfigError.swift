/// A kubeconfig (or in-cluster configuration) that cannot be used: which file, which field,
/// and what is wrong — e.g. `~/.kube/config: contexts[0].context.cluster: cluster "x" not found`.
public struct KubeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var field: String?
    public var problem: String

    public init(file: String, field: String? = nil, _ problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        [KubeConfigError.abbreviate(file), field, problem].compactMap { $0 }.joined(separator: ": ")
    }

    /// `/home/u/.kube/config` → `~/.kube/config`.
    static func abbreviate(_ path: String) -> String {
        guard let home = ProcessEnvironment.home, !home.isEmpty, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}

import Foundation

enum ProcessEnvironment {
    static var home: String? { ProcessInfo.processInfo.environment["HOME"] }
}
