/// One reason a GitOps release cannot start: where (the file, and its line where there is one),
/// what is wrong and what to do.
public struct GitOpsPreflightProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The plan or the manifests it names must change, or they disagree with the Argo CD
        /// Application (exit 2, like every invalid plan).
        case plan
        /// The work tree, its remote or the cluster must change: uncommitted files, the branch,
        /// an unreachable remote, a missing Application (exit 1).
        case environment
    }

    public var kind: Kind
    /// The whole message, fix included.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Every problem the GitOps preflight found; nothing was taken, recorded or committed.
public struct GitOpsPreflightError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The work tree checked (or the folder `spec.gitops.repo` names, when it is not one).
    public var location: String
    public var problems: [GitOpsPreflightProblem]

    public init(location: String, problems: [GitOpsPreflightProblem]) {
        self.location = location
        self.problems = problems
    }

    /// Exit 2 when the plan or the manifests must change (whatever else is wrong), else 1.
    public var isPlanProblem: Bool { problems.contains { $0.kind == .plan } }

    /// The first line of `description`.
    public var headline: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "the GitOps release cannot start: \(count) in \(location) (nothing was changed)"
    }

    public var description: String {
        ([headline + ":"] + problems.map { "  - \($0.message)" }).joined(separator: "\n")
    }
}
