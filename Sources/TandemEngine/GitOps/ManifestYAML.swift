import TandemKubeModel

/// A Kubernetes object as block YAML for a manifest committed to git: keys sorted, every string
/// double-quoted (a JSON string is a valid YAML double-quoted scalar), so no value can be read
/// back as another type.
enum ManifestYAML {
    static func render(_ object: JSON) -> String {
        var lines: [String] = []
        emit(object, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func emit(_ value: JSON, indent: String, into lines: inout [String]) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let member = members[key]!
                if isScalar(member) || isEmpty(member) {
                    lines.append(indent + scalar(.string(key)) + ": " + scalar(member))
                } else {
                    lines.append(indent + scalar(.string(key)) + ":")
                    emit(member, indent: indent + "  ", into: &lines)
                }
            }
        case .array(let items):
            for item in items {
                if isScalar(item) || isEmpty(item) {
                    lines.append(indent + "- " + scalar(item))
                } else {
                    var nested: [String] = []
                    emit(item, indent: indent + "  ", into: &nested)
                    // The first line of the item goes on the dash.
                    if let first = nested.first {
                        lines.append(indent + "- " + first.dropFirst(indent.count + 2))
                        lines += nested.dropFirst()
                    }
                }
            }
        default:
            lines.append(indent + scalar(value))
        }
    }

    private static func isScalar(_ value: JSON) -> Bool {
        switch value {
        case .object, .array: false
        default: true
        }
    }

    private static func isEmpty(_ value: JSON) -> Bool {
        value.objectValue?.isEmpty ?? value.arrayValue?.isEmpty ?? false
    }

    private static func scalar(_ value: JSON) -> String {
        switch value {
        case .object: "{}"
        case .array: "[]"
        default: value.serializedString()
        }
    }
}
