import Yams

extension PlanDecoder {
    static let serviceKeys = ["name", "rollout", "namespace", "container", "image", "dependsOn", "verify", "deadline"] + serviceGitOpsKeys
    static let dependencyKeys = ["service", "configMap", "key", "value"]
    static let verifyKeys = ["path", "expectStatus", "expectBodyContains"]

    /// A service as far as it could be read (missing strings are empty); `nil` when not a mapping.
    mutating func decodeService(_ node: Node, index: Int) -> ServiceSpec? {
        let context = { (fields: NodeReader.Fields) -> String in
            fields["name"].flatMap(NodeReader.scalarString).map { "service \"\($0)\"" } ?? "service #\(index + 1)"
        }
        guard let fields = reader.fields(node, in: context, allowed: Self.serviceKeys, required: ["name", "image"], requiredHint: [
            "name": "add \"name: <service>\", a DNS-1123 label",
            "image": "add \"image: <repository>\" without a tag, e.g. image: docker.io/org/app",
        ]) else { return nil }
        let serviceContext = context(fields)
        var service = ServiceSpec(name: "", image: "", positions: fields.positions)
        service.name = fields["name"].flatMap { reader.string($0, for: "name") } ?? ""
        service.rollout = fields["rollout"].flatMap { reader.string($0, for: "rollout") } ?? service.name
        service.namespace = fields["namespace"].flatMap { reader.string($0, for: "namespace") }
        service.container = fields["container"].flatMap { reader.string($0, for: "container") }
        service.image = fields["image"].flatMap { reader.string($0, for: "image") } ?? ""
        if let value = fields["dependsOn"], let items = reader.list(value, for: "dependsOn") {
            for item in items {
                if let dependency = decodeDependency(item, consumer: serviceContext) { service.dependsOn.append(dependency) }
            }
        }
        decodeServiceGitOps(fields, into: &service)
        if let value = fields["verify"] { service.verify = decodeVerify(value, context: serviceContext) }
        if let value = fields["deadline"], let text = reader.string(value, for: "deadline") {
            if let seconds = Self.durationSeconds(text) {
                service.deadlineSeconds = seconds
            } else {
                reader.report(.invalidValue, at: reader.position(value), "invalid deadline \"\(text)\"",
                              hint: "write a duration such as 90s, 10m or 1h30m")
            }
        }
        return service
    }

    private mutating func decodeDependency(_ node: Node, consumer: String) -> Dependency? {
        guard let fields = reader.fields(node, in: "a dependsOn entry of \(consumer)", allowed: Self.dependencyKeys, required: ["service"],
                                         requiredHint: ["service": "add \"service: <name>\" naming the service called"])
        else { return nil }
        var dependency = Dependency(service: "", positions: fields.positions)
        dependency.service = fields["service"].flatMap { reader.string($0, for: "service") } ?? ""
        dependency.configMap = fields["configMap"].flatMap { reader.string($0, for: "configMap") }
        dependency.key = fields["key"].flatMap { reader.string($0, for: "key") }
        dependency.value = fields["value"].flatMap { reader.string($0, for: "value") } ?? Dependency.defaultValue
        return dependency
    }

    private mutating func decodeVerify(_ node: Node, context: String) -> VerifyCheck? {
        guard let fields = reader.fields(node, in: "verify of \(context)", allowed: Self.verifyKeys) else { return nil }
        var check = VerifyCheck()
        if let value = fields["path"], let path = reader.string(value, for: "path") {
            if path.hasPrefix("/") {
                check.path = path
            } else {
                reader.report(.invalidValue, at: reader.position(value), "verify path \"\(path)\" does not start with /",
                              hint: "write an absolute path such as /health/ready")
            }
        }
        if let value = fields["expectStatus"], let status = reader.integer(value, for: "expectStatus") {
            if (100...599).contains(status) {
                check.expectStatus = status
            } else {
                reader.report(.invalidValue, at: reader.position(value), "expectStatus \(status) is not an HTTP status",
                              hint: "use a status between 100 and 599, e.g. 200")
            }
        }
        check.expectBodyContains = fields["expectBodyContains"].flatMap { reader.string($0, for: "expectBodyContains") }
        return check
    }

    /// Seconds in `1h30m`, `10m`, `90s`; `nil` when not such a duration.
    static func durationSeconds(_ text: String) -> Int? {
        var total = 0, number = 0, digits = 0, lastUnit = 4
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = number * 10 + digit
                digits += 1
                if digits > 9 { return nil }
                continue
            }
            let units: [Character: (rank: Int, seconds: Int)] = ["h": (1, 3600), "m": (2, 60), "s": (3, 1)]
            guard let unit = units[character], digits > 0, unit.rank > (lastUnit == 4 ? 0 : lastUnit) else { return nil }
            total += number * unit.seconds
            lastUnit = unit.rank
            number = 0
            digits = 0
        }
        return digits == 0 && lastUnit != 4 && total > 0 ? total : nil
    }
}
