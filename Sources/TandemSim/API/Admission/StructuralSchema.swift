import TandemKubeModel

/// A structural OpenAPI v3 schema as the apiextensions API server applies it to custom resources:
/// fields the schema does not declare are pruned, declared fields are type-checked and required
/// fields enforced. (Kubernetes docs, "CustomResourceDefinition: Pruning versus preserving unknown
/// fields" and "Validation"; apiextensions-apiserver pkg/apiserver/schema/pruning.)
indirect enum StructuralSchema: Sendable {
    case object([String: StructuralSchema], required: [String] = [])
    /// `additionalProperties`: a map whose values all follow one schema.
    case map(StructuralSchema)
    case array(StructuralSchema)
    case string
    case integer
    case number
    case boolean
    /// `x-kubernetes-int-or-string`.
    case intOrString
    /// `x-kubernetes-preserve-unknown-fields: true`: kept as written.
    case preserved

    var typeName: String {
        switch self {
        case .object, .map: "object"
        case .array: "array"
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .intOrString: "integer or string"
        case .preserved: "any"
        }
    }
}

/// One field error, as it appears in a 422 Status's `details.causes`.
struct FieldCause: Sendable, Equatable {
    enum Reason: String, Sendable { case typeInvalid = "FieldValueTypeInvalid", required = "FieldValueRequired", invalid = "FieldValueInvalid" }
    let reason: Reason
    let field: String
    let message: String

    var json: JSON { ["reason": .string(reason.rawValue), "field": .string(field), "message": .string(message)] }
    /// `spec.replicas: Invalid value: ...` as the API server joins field and message.
    var line: String { "\(field): \(message)" }
}

/// What checking an object against a schema found: the pruned value, the unknown fields that
/// were dropped (paths like `spec.foo`) and the field errors.
struct SchemaCheck: Sendable {
    var value: JSON
    var unknownFields: [String] = []
    var causes: [FieldCause] = []

    init(_ value: JSON, against schema: StructuralSchema, path: String = "") {
        self.value = value
        self.value = check(value, schema, path)
    }

    private mutating func check(_ value: JSON, _ schema: StructuralSchema, _ path: String) -> JSON {
        if value.isNull { return value }    // nullable is not declared, but an absent optional field arrives as null in patches
        switch schema {
        case .preserved: return value
        case .object(let properties, let required):
            guard case .object(let fields) = value else { return typeError(value, schema, path) }
            var kept: [String: JSON] = [:]
            for (key, field) in fields {
                let fieldPath = path.isEmpty ? key : "\(path).\(key)"
                guard let sub = properties[key] else {
                    unknownFields.append(fieldPath)
                    continue
                }
                kept[key] = check(field, sub, fieldPath)
            }
            for key in required where kept[key] == nil || kept[key]?.isNull == true {
                let fieldPath = path.isEmpty ? key : "\(path).\(key)"
                causes.append(FieldCause(reason: .required, field: fieldPath, message: "Required value"))
            }
            return .object(kept)
        case .map(let valueSchema):
            guard case .object(let fields) = value else { return typeError(value, schema, path) }
            var kept: [String: JSON] = [:]
            for (key, field) in fields { kept[key] = check(field, valueSchema, "\(path).\(key)") }
            return .object(kept)
        case .array(let itemSchema):
            guard case .array(let items) = value else { return typeError(value, schema, path) }
            return .array(items.enumerated().map { check($1, itemSchema, "\(path)[\($0)]") })
        case .string:
            if case .string = value { return value }
            return typeError(value, schema, path)
        case .integer:
            if value.intValue != nil { return value }
            return typeError(value, schema, path)
        case .number:
            switch value { case .int, .double: return value; default: return typeError(value, schema, path) }
        case .boolean:
            if case .bool = value { return value }
            return typeError(value, schema, path)
        case .intOrString:
            switch value { case .string, .int: return value; default: return typeError(value, schema, path) }
        }
    }

    /// `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
    private mutating func typeError(_ value: JSON, _ schema: StructuralSchema, _ path: String) -> JSON {
        let given = Self.jsonTypeName(value)
        causes.append(FieldCause(reason: .typeInvalid, field: path,
                                 message: "Invalid value: \"\(given)\": \(path) in body must be of type \(schema.typeName): \"\(given)\""))
        return value
    }

    static func jsonTypeName(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
