import Yams

/// Reads composed plan nodes into values, collecting a diagnostic for every shape problem instead of
/// stopping at the first. Counts the nodes it visits so aliases cannot make it do unbounded work.
struct NodeReader {
    let file: String
    private(set) var diagnostics: [PlanDiagnostic] = []
    private var budget: Int
    private(set) var overBudget = false

    init(file: String, nodeBudget: Int) {
        self.file = file
        self.budget = nodeBudget
    }

    func position(_ node: Node) -> SourcePosition {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? .unknown
    }

    mutating func report(
        _ kind: PlanDiagnostic.Kind, at position: SourcePosition?, _ message: String, hint: String? = nil
    ) {
        diagnostics.append(PlanDiagnostic(file: file, position: position, kind: kind, message: message, hint: hint))
    }

    /// Spends `count` node visits; false (once reported) when the budget is exhausted.
    mutating func spend(_ count: Int, at node: Node) -> Bool {
        if overBudget { return false }
        budget -= count
        if budget >= 0 { return true }
        overBudget = true
        report(.tooManyAliases, at: position(node),
               "the plan expands to more values than its text contains (YAML aliases)",
               hint: "write the values out instead of using anchors (&) and aliases (*)")
        return false
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): isNull(scalar) ? "nothing (null)" : "a scalar"
        }
    }

    /// A plain scalar that YAML reads as null: empty, `~` or `null`.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain, scalar.string.utf8.count <= 4 else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The known fields of a mapping and where each value was written.
    struct Fields {
        /// Known keys in file order (a handful per mapping: a list beats a dictionary here).
        var values: [(key: String, value: Node)] = []
        var positions: FieldPositions

        subscript(key: String) -> Node? {
            for index in values.indices where values[index].key == key { return values[index].value }
            return nil
        }
    }

    /// The known key/value pairs of a mapping, with unknown keys and missing required
    /// keys reported. `nil` (reported) when `node` is not a mapping.
    mutating func fields(
        _ node: Node, in context: @autoclosure () -> String, allowed: [String], required: [String] = [],
        requiredHint: [String: String] = [:]
    ) -> Fields? {
        fields(node, in: { _ in context() }, allowed: allowed, required: required, requiredHint: requiredHint)
    }

    /// As above; `context` is built from the fields read, and only when something is reported.
    mutating func fields(
        _ node: Node, in context: (Fields) -> String, allowed: [String], required: [String] = [],
        requiredHint: [String: String] = [:]
    ) -> Fields? {
        guard case .mapping(let mapping) = node else {
            let context = context(Fields(positions: FieldPositions()))
            report(.wrongType, at: position(node), "expected a mapping for \(context), found \(Self.describe(node))",
                   hint: "write \(context) as `key: value` lines indented under it")
            return nil
        }
        guard spend(mapping.count, at: node) else { return nil }
        var result = Fields(positions: FieldPositions(start: position(node)))
        var unknown: [(name: String, position: SourcePosition)] = []
        var badKeys: [Node] = []
        for index in mapping.indices {
            let (key, value) = mapping[index]
            guard case .scalar(let keyScalar) = key else {
                badKeys.append(key)
                continue
            }
            let name = keyScalar.string
            if allowed.contains(name) {
                result.values.append((name, value))
            } else {
                unknown.append((name, position(key)))
            }
        }
        for (name, value) in result.values { result.positions.set(name, position(value)) }
        let missing = required.filter { result[$0] == nil }
        if badKeys.isEmpty, unknown.isEmpty, missing.isEmpty { return result }
        let context = context(result)
        for key in badKeys {
            report(.wrongType, at: position(key), "expected a plain key in \(context), found \(Self.describe(key))",
                   hint: "write each key as a plain word followed by a colon, e.g. `name: value`")
        }
        for (name, keyPosition) in unknown {
            if name == "<<" {
                report(.unknownKey, at: keyPosition, "unknown key \"<<\" in \(context)",
                       hint: "YAML merge keys are not supported in plans; write the fields out")
            } else {
                report(.unknownKey, at: keyPosition, "unknown key \"\(name)\" in \(context)",
                       hint: KeySuggester.hint(for: name, among: allowed))
            }
        }
        for field in missing {
            report(.missingField, at: position(node), "missing required field \"\(field)\" in \(context)",
                   hint: requiredHint[field])
        }
        return result
    }

    /// The elements of a list; `nil` (reported) otherwise.
    mutating func list(_ node: Node, for field: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.wrongType, at: position(node), "expected a list for \"\(field)\", found \(Self.describe(node))",
                   hint: "write each entry on its own line starting with `- `")
            return nil
        }
        guard spend(sequence.count, at: node) else { return nil }
        return Array(sequence)
    }

    /// A non-empty string scalar; `nil` (reported) otherwise.
    mutating func string(_ node: Node, for field: String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            report(.wrongType, at: position(node), "expected a string for \"\(field)\", found \(Self.describe(node))",
                   hint: "write `\(field): <text>` on one line; quote the text if it contains \": \" or starts with [, {, & or *")
            return nil
        }
        if scalar.string.isEmpty {
            report(.wrongType, at: position(node), "expected a non-empty string for \"\(field)\", found \"\"",
                   hint: "give \"\(field)\" a value, or remove the line if the field is optional")
            return nil
        }
        return scalar.string
    }

    /// An integer scalar written without quotes; `nil` (reported) otherwise.
    mutating func integer(_ node: Node, for field: String) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            if case .scalar(let scalar) = node, scalar.style == .plain, Self.isIntegerLiteral(scalar.string) {
                report(.invalidValue, at: position(node), "\"\(field)\" is out of range: \(scalar.string)",
                       hint: "use a small whole number")
            } else {
                report(.wrongType, at: position(node), "expected an integer for \"\(field)\", found \(quoted(node))",
                       hint: "write a whole number without quotes, e.g. \(field): 2")
            }
            return nil
        }
        return value
    }

    /// Digits with an optional sign: an integer YAML would read, whatever its size.
    static func isIntegerLiteral(_ text: String) -> Bool {
        let digits = text.utf8.first == UInt8(ascii: "-") || text.utf8.first == UInt8(ascii: "+") ? text.utf8.dropFirst() : text.utf8[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `true` or `false`; `nil` (reported) otherwise.
    mutating func boolean(_ node: Node, for field: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            report(.wrongType, at: position(node), "expected true or false for \"\(field)\", found \(quoted(node))",
                   hint: "write `\(field): true` or `\(field): false`, without quotes")
            return nil
        }
        return scalar.string == "true"
    }

    /// One of an enum's raw values; `nil` (reported, with a suggestion) otherwise.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ node: Node, for field: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        guard let text = string(node, for: field) else { return nil }
        if let value = T(rawValue: text) { return value }
        let valid = T.allCases.map(\.rawValue)
        let suggestion = KeySuggester.suggestion(for: text, among: valid).map { "did you mean \"\($0)\"? " } ?? ""
        report(.invalidEnum, at: position(node), "invalid \(field) \"\(text)\"",
               hint: suggestion + "valid values: " + valid.joined(separator: ", "))
        return nil
    }

    func quoted(_ node: Node) -> String {
        if case .scalar(let scalar) = node, !Self.isNull(scalar) { return "\"\(scalar.string)\"" }
        return Self.describe(node)
    }
}
