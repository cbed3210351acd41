import Yams

/// Turns a composed YAML tree into a `ReleasePlan`, reporting every shape problem (types,
/// unknown keys, missing fields, enum values, options that do not fit the coupling). Checks
/// that relate several values (names, references, cycles) are `PlanValidator`'s.
struct PlanDecoder {
    var reader: NodeReader

    static let topKeys = ["apiVersion", "kind", "metadata", "spec"]
    static let metadataKeys = ["name"]
    static let specKeys = ["namespace", "coupling", "order", "pairing", "maxParallel", "services", "checkpoints", "environments", "gitops"]

    init(file: String, nodeBudget: Int) {
        reader = NodeReader(file: file, nodeBudget: nodeBudget)
    }

    /// The plan as far as it could be read; `nil` when not even its outline is usable.
    mutating func decode(_ root: Node) -> ReleasePlan? {
        guard case .mapping = root else {
            reader.report(.notMapping, at: reader.position(root),
                          "a plan must be a mapping with apiVersion, kind, metadata and spec; found \(NodeReader.describe(root))",
                          hint: "start from plans/loan-app.yaml")
            return nil
        }
        guard let top = reader.fields(root, in: "the plan", allowed: Self.topKeys, required: Self.topKeys, requiredHint: [
            "apiVersion": "add \"apiVersion: \(ReleasePlan.apiVersion)\"",
            "kind": "add \"kind: \(ReleasePlan.kind)\"",
            "metadata": "add \"metadata:\" with \"name: <plan-name>\"",
            "spec": "add \"spec:\" with at least \"services:\"",
        ]) else { return nil }
        if let node = top["apiVersion"], let value = reader.string(node, for: "apiVersion"), value != ReleasePlan.apiVersion {
            reader.report(.wrongAPIVersion, at: reader.position(node), "unsupported apiVersion \"\(value)\"",
                          hint: "use \"apiVersion: \(ReleasePlan.apiVersion)\"")
        }
        if let node = top["kind"], let value = reader.string(node, for: "kind"), value != ReleasePlan.kind {
            reader.report(.wrongKind, at: reader.position(node), "unsupported kind \"\(value)\"",
                          hint: "use \"kind: \(ReleasePlan.kind)\"; tandem reads release plans, not Kubernetes manifests")
        }
        var name = ""
        if let node = top["metadata"],
           let metadata = reader.fields(node, in: "metadata", allowed: Self.metadataKeys, required: ["name"],
                                        requiredHint: ["name": "add \"name: <plan-name>\", a DNS-1123 label such as loan-app"]),
           let nameNode = metadata["name"] {
            name = reader.string(nameNode, for: "name") ?? ""
        }
        var plan = ReleasePlan(name: name, services: [])
        if let nameNode = top["metadata"].flatMap({ $0.mapping?["name"] }) { plan.positions.set("name", reader.position(nameNode)) }
        if let spec = top["spec"] { decodeSpec(spec, into: &plan) }
        return plan
    }

    private mutating func decodeSpec(_ node: Node, into plan: inout ReleasePlan) {
        guard let spec = reader.fields(node, in: "spec", allowed: Self.specKeys, required: ["services"],
                                       requiredHint: ["services": "add \"services:\" with at least one service"])
        else { return }
        plan.positions.start = spec.positions.start
        for entry in spec.positions.entries { plan.positions.set(entry.field, entry.position) }
        if let value = spec["namespace"] { plan.namespace = reader.string(value, for: "namespace") ?? plan.namespace }
        if let value = spec["coupling"] { plan.coupling = reader.choice(value, for: "coupling", as: Coupling.self) ?? plan.coupling }
        if let value = spec["order"] {
            plan.order = reader.choice(value, for: "order", as: ReleaseOrderKind.self) ?? plan.order
            if spec["coupling"].flatMap({ reader.quietString($0) }) == Coupling.lockstep.rawValue {
                reader.report(.misplacedOption, at: reader.position(value),
                              "\"order\" applies only to coupling: independent (this plan is lockstep)",
                              hint: "remove \"order\": a lockstep release deploys dependencies first and promotes consumers first")
                plan.order = .dependenciesFirst
            }
        }
        if let value = spec["pairing"] {
            plan.pairing = reader.choice(value, for: "pairing", as: Pairing.self) ?? plan.pairing
            let coupling = spec["coupling"].flatMap { reader.quietString($0) } ?? Coupling.independent.rawValue
            if coupling == Coupling.independent.rawValue {
                reader.report(.misplacedOption, at: reader.position(value),
                              "\"pairing\" applies only to coupling: lockstep (this plan is independent)",
                              hint: "remove \"pairing\", or set \"coupling: lockstep\"")
            }
        }
        if let value = spec["maxParallel"] { plan.maxParallel = reader.integer(value, for: "maxParallel") ?? plan.maxParallel }
        if let value = spec["services"], let items = reader.list(value, for: "services") {
            if items.isEmpty {
                reader.report(.emptyServices, at: reader.position(value), "spec.services is empty",
                              hint: "list at least one service with name and image")
            }
            for (index, item) in items.enumerated() {
                if let service = decodeService(item, index: index) { plan.services.append(service) }
                if reader.overBudget { return }
            }
        }
        if let value = spec["environments"] { plan.environments = decodeEnvironments(value) }
        if let value = spec["gitops"] { plan.gitops = decodeGitOps(value) }
        if let value = spec["checkpoints"] {
            plan.checkpoints = []
            if let items = reader.list(value, for: "checkpoints") {
                for (index, item) in items.enumerated() {
                    if let checkpoint = decodeCheckpoint(item, index: index) { plan.checkpoints.append(checkpoint) }
                }
            }
        }
    }
}

extension NodeReader {
    /// The string of a scalar without reporting anything.
    func quietString(_ node: Node) -> String? { Self.scalarString(node) }

    static func scalarString(_ node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }
}
