import Yams

extension PlanDecoder {
    static let gitopsKeys = ["repo", "branch", "remote", "sync", "argocdNamespace"]
    static let serviceGitOpsKeys = ["manifests", "application"]

    /// `spec.gitops`; nil (reported) when it is not a mapping.
    mutating func decodeGitOps(_ node: Node) -> GitOpsSpec? {
        guard let fields = reader.fields(node, in: "spec.gitops", allowed: Self.gitopsKeys) else { return nil }
        var gitops = GitOpsSpec(positions: fields.positions)
        gitops.repo = fields["repo"].flatMap { reader.string($0, for: "repo") }
        gitops.branch = fields["branch"].flatMap { reader.string($0, for: "branch") }
        if let value = fields["remote"] {
            // `remote: ""` is meaningful (commit only), so an empty quoted string is accepted here.
            if case .scalar(let scalar) = value, scalar.style != .plain, scalar.string.isEmpty {
                gitops.remote = ""
            } else if let remote = reader.string(value, for: "remote") {
                gitops.remote = remote
            }
        }
        if let value = fields["sync"] { gitops.sync = reader.choice(value, for: "sync", as: GitOpsSync.self) ?? gitops.sync }
        if let value = fields["argocdNamespace"] {
            gitops.argocdNamespace = reader.string(value, for: "argocdNamespace") ?? gitops.argocdNamespace
        }
        return gitops
    }

    /// A service's `manifests` and `application` fields.
    mutating func decodeServiceGitOps(_ fields: NodeReader.Fields, into service: inout ServiceSpec) {
        service.manifests = fields["manifests"].flatMap { reader.string($0, for: "manifests") }
        service.application = fields["application"].flatMap { reader.string($0, for: "application") }
    }
}
