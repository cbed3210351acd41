import Yams

extension PlanDecoder {
    static let environmentKeys = ["name", "context", "namespace", "requires", "checkpoints", "approvers"]
    static let gateKinds = ["servicenow", "http"]
    static let serviceNowKeys = ["url", "field"]
    static let httpGateKeys = ["url"]

    /// `spec.environments`, as far as each entry could be read.
    mutating func decodeEnvironments(_ node: Node) -> [Environment] {
        guard let items = reader.list(node, for: "environments") else { return [] }
        var environments: [Environment] = []
        for (index, item) in items.enumerated() {
            let context = { (fields: NodeReader.Fields) -> String in
                fields["name"].flatMap(NodeReader.scalarString).map { "environment \"\($0)\"" } ?? "environment #\(index + 1)"
            }
            guard let fields = reader.fields(item, in: context, allowed: Self.environmentKeys, required: ["name"],
                                             requiredHint: ["name": "add \"name: <environment>\", a DNS-1123 label such as staging"])
            else { continue }
            var environment = Environment(name: fields["name"].flatMap { reader.string($0, for: "name") } ?? "",
                                          positions: fields.positions)
            environment.context = fields["context"].flatMap { reader.string($0, for: "context") }
            environment.namespace = fields["namespace"].flatMap { reader.string($0, for: "namespace") }
            environment.requires = fields["requires"].flatMap { reader.string($0, for: "requires") }
            if let value = fields["approvers"], let list = reader.list(value, for: "approvers") {
                environment.approvers = list.compactMap { reader.string($0, for: "approvers") }
            }
            if let value = fields["checkpoints"], let list = reader.list(value, for: "checkpoints") {
                environment.checkpoints = list.enumerated().compactMap { decodeCheckpoint($1, index: $0) }
            }
            environments.append(environment)
        }
        return environments
    }

    /// A checkpoint's `gates:` list: each entry a mapping with exactly one of `servicenow` or `http`.
    mutating func decodeGates(_ node: Node, in checkpoint: String) -> [Gate] {
        guard let items = reader.list(node, for: "gates") else { return [] }
        var gates: [Gate] = []
        for (index, item) in items.enumerated() {
            let where_ = "gate #\(index + 1) of \(checkpoint)"
            guard let fields = reader.fields(item, in: where_, allowed: Self.gateKinds) else { continue }
            guard fields.values.count == 1, let (kind, body) = fields.values.first else {
                reader.report(.invalidValue, at: reader.position(item),
                              "\(where_) must name exactly one kind of gate, found \(fields.values.count)",
                              hint: "write one `- servicenow: {url: ...}` or `- http: {url: ...}` per list entry")
                continue
            }
            if kind == "servicenow" {
                guard let gate = reader.fields(body, in: "servicenow \(where_)", allowed: Self.serviceNowKeys, required: ["url"],
                                               requiredHint: ["url": "add \"url: https://<instance>.service-now.com\""])
                else { continue }
                var servicenow = ServiceNowGate(url: gate["url"].flatMap { reader.string($0, for: "url") } ?? "",
                                                positions: gate.positions)
                if let field = gate["field"].flatMap({ reader.string($0, for: "field") }) { servicenow.field = field }
                gates.append(.servicenow(servicenow))
            } else {
                guard let gate = reader.fields(body, in: "http \(where_)", allowed: Self.httpGateKeys, required: ["url"],
                                               requiredHint: ["url": "add \"url: https://gate.example.com/allow\""])
                else { continue }
                gates.append(.http(HTTPGate(url: gate["url"].flatMap { reader.string($0, for: "url") } ?? "",
                                            positions: gate.positions)))
            }
        }
        return gates
    }
}
