import TandemKubeModel

/// The subset of Kubernetes JSONPath (`k8s.io/client-go/util/jsonpath`, which Argo's web
/// provider uses for `jsonPath`) the simulator evaluates: `{$}` (the default, the whole body),
/// `{$.a.b}`, `{.a.b}`, `[N]` and `['key']`/`["key"]`. Filters, wildcards, ranges and
/// recursive descent are refused with a clear error.
enum MetricJSONPath {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private enum Step { case key(String), index(Int) }

    static func find(_ expression: String?, in body: JSON) throws(Failure) -> JSON {
        let text = (expression ?? "").isEmpty ? "{$}" : expression!
        var inner = Substring(text.trimmingCharacters(in: .whitespaces))
        guard inner.hasPrefix("{"), inner.hasSuffix("}") else {
            throw Failure(description: "jsonPath \(text) must be enclosed in braces, e.g. {$.status}")
        }
        inner = inner.dropFirst().dropLast()
        if inner.hasPrefix("$") { inner = inner.dropFirst() }
        var value = body
        var walked = ""
        for step in try steps(inner, original: text) {
            switch step {
            case .key(let key):
                walked += ".\(key)"
                guard let members = value.objectValue, let next = members[key] else {
                    throw Failure(description: "\(key) is not found")
                }
                value = next
            case .index(let index):
                walked += "[\(index)]"
                guard let items = value.arrayValue else { throw Failure(description: "\(walked) is not array or slice") }
                let position = index < 0 ? items.count + index : index
                guard items.indices.contains(position) else {
                    throw Failure(description: "array index out of bounds: index \(index), length \(items.count)")
                }
                value = items[position]
            }
        }
        return value
    }

    private static func steps(_ path: Substring, original: String) throws(Failure) -> [Step] {
        var steps: [Step] = []
        var rest = path
        while !rest.isEmpty {
            if rest.hasPrefix("..") || rest.contains("*") || rest.contains("?(") || rest.contains(":") {
                throw Failure(description: "jsonPath \(original) uses a feature the simulator does not evaluate (only $.a.b, [N] and ['key'])")
            }
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { throw Failure(description: "jsonPath \(original): empty field name") }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw Failure(description: "jsonPath \(original): unterminated [") }
                let content = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if let index = Int(content) {
                    steps.append(.index(index))
                } else if content.count >= 2, let quote = content.first, quote == "'" || quote == "\"", content.last == quote {
                    steps.append(.key(String(content.dropFirst().dropLast())))
                } else {
                    throw Failure(description: "jsonPath \(original): unsupported subscript [\(content)]")
                }
                rest = rest[rest.index(after: close)...]
            } else {
                throw Failure(description: "jsonPath \(original): expected '.' or '[' at \(rest)")
            }
        }
        return steps
    }
}
