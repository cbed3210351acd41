import TandemKubeModel

/// What the API server does to a Rollout write with the Argo Rollouts CRD installed, before
/// storing it: prune unknown fields (reported per `fieldValidation`), check the structural schema,
/// and enforce the CRD's `x-kubernetes-validations` rule `.spec.selector is immutable`.
enum RolloutAdmission {
    /// `fieldValidation` query parameter (KEP-2885): Strict rejects unknown fields, Ignore drops them
    /// silently, Warn (the server's default) drops them with a `Warning` response header.
    enum FieldValidation: String {
        case strict = "Strict", warn = "Warn", ignore = "Ignore"

        init(query: [String: String]) throws(APIStatus) {
            let text = query["fieldValidation"] ?? ""
            if text.isEmpty { self = .warn; return }
            guard let value = FieldValidation(rawValue: text) else {
                throw APIStatus.badRequest("fieldValidation: Invalid value: \"\(text)\": must be one of Ignore, Warn or Strict")
            }
            self = value
        }
    }

    /// Returns the pruned object and the warnings to send; throws 400 (strict unknown field) or 422.
    static func admit(_ object: JSON, old: JSON?, validation: FieldValidation) throws(APIStatus) -> (JSON, [String]) {
        let check = SchemaCheck(object, against: RolloutSchema.root)
        let unknown = check.unknownFields.sorted().map { "unknown field \"\($0)\"" }
        if validation == .strict, !unknown.isEmpty {
            throw APIStatus.badRequest("strict decoding error: " + unknown.joined(separator: ", "))
        }
        var causes = check.causes
        if let old, !old[path: ["spec", "selector"]].isNull,
           old[path: ["spec", "selector"]] != check.value[path: ["spec", "selector"]] {
            causes.append(FieldCause(reason: .invalid, field: "spec.selector",
                                     message: "Invalid value: \"object\": .spec.selector is immutable"))
        }
        if !causes.isEmpty { throw invalid(object.name, causes) }
        return (check.value, validation == .warn ? unknown : [])
    }

    /// A custom resource has no unconditional update: a PUT must carry metadata.resourceVersion.
    static func requireResourceVersion(_ object: JSON) throws(APIStatus) {
        if (object.resourceVersion ?? "").isEmpty {
            throw invalid(object.name, [FieldCause(reason: .invalid, field: "metadata.resourceVersion",
                                                   message: "Invalid value: 0x0: must be specified for an update")])
        }
    }

    /// `Rollout.argoproj.io "web" is invalid: [a, b]` with one cause per field, as NewInvalid writes it.
    static func invalid(_ name: String, _ causes: [FieldCause]) -> APIStatus {
        let lines = causes.map(\.line)
        let summary = lines.count == 1 ? lines[0] : "[" + lines.joined(separator: ", ") + "]"
        return APIStatus(code: 422, reason: "Invalid", message: "Rollout.argoproj.io \"\(name)\" is invalid: \(summary)",
                         details: ["name": .string(name), "group": "argoproj.io", "kind": "Rollout",
                                   "causes": .array(causes.map(\.json))])
    }
}
