/// JSON patch (RFC 6902), `application/json-patch+json`: what `kubectl argo rollouts undo`
/// sends to a Rollout and what the controller sends for `scale-down-deadline`.
public enum JSONPatch {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func apply(_ operations: JSON, to target: JSON) throws(Failure) -> JSON {
        guard case .array(let ops) = operations else {
            throw Failure(description: "a JSON patch must be an array of operations")
        }
        var document = target
        for (index, op) in ops.enumerated() {
            guard let name = op["op"].stringValue, let path = op["path"].stringValue else {
                throw Failure(description: "operation \(index) needs \"op\" and \"path\"")
            }
            let pointer = try parsePointer(path)
            switch name {
            case "add":
                document = try add(op["value"], at: pointer, in: document)
            case "remove":
                _ = try value(at: pointer, in: document)
                document = try remove(at: pointer, in: document)
            case "replace":
                _ = try value(at: pointer, in: document)
                document = try remove(at: pointer, in: document)
                document = try add(op["value"], at: pointer, in: document)
            case "move", "copy":
                guard let from = op["from"].stringValue else {
                    throw Failure(description: "operation \(index) (\(name)) needs \"from\"")
                }
                let fromPointer = try parsePointer(from)
                let moved = try value(at: fromPointer, in: document)
                if name == "move" { document = try remove(at: fromPointer, in: document) }
                document = try add(moved, at: pointer, in: document)
            case "test":
                guard try value(at: pointer, in: document) == op["value"] else {
                    throw Failure(description: "test operation failed at \(path)")
                }
            default:
                throw Failure(description: "unknown JSON patch operation \"\(name)\"")
            }
        }
        return document
    }

    static func parsePointer(_ path: String) throws(Failure) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw Failure(description: "invalid JSON pointer \"\(path)\"") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func value(at pointer: [String], in document: JSON) throws(Failure) -> JSON {
        var current = document
        for token in pointer {
            switch current {
            case .object(let o):
                guard let next = o[token] else { throw missing(pointer) }
                current = next
            case .array(let a):
                guard let i = Int(token), a.indices.contains(i) else { throw missing(pointer) }
                current = a[i]
            default:
                throw missing(pointer)
            }
        }
        return current
    }

    static func add(_ newValue: JSON, at pointer: [String], in document: JSON) throws(Failure) -> JSON {
        guard let token = pointer.first else { return newValue }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var o):
            if rest.isEmpty {
                o[token] = newValue
            } else {
                guard let child = o[token] else { throw missing(pointer) }
                o[token] = try add(newValue, at: rest, in: child)
            }
            return .object(o)
        case .array(var a):
            if rest.isEmpty {
                if token == "-" { a.append(newValue); return .array(a) }
                guard let i = Int(token), i >= 0, i <= a.count else { throw missing(pointer) }
                a.insert(newValue, at: i)
            } else {
                guard let i = Int(token), a.indices.contains(i) else { throw missing(pointer) }
                a[i] = try add(newValue, at: rest, in: a[i])
            }
            return .array(a)
        default:
            throw missing(pointer)
        }
    }

    static func remove(at pointer: [String], in document: JSON) throws(Failure) -> JSON {
        guard let token = pointer.first else { return .null }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var o):
            guard let child = o[token] else { throw missing(pointer) }
            if rest.isEmpty { o.removeValue(forKey: token) } else { o[token] = try remove(at: rest, in: child) }
            return .object(o)
        case .array(var a):
            guard let i = Int(token), a.indices.contains(i) else { throw missing(pointer) }
            if rest.isEmpty { a.remove(at: i) } else { a[i] = try remove(at: rest, in: a[i]) }
            return .array(a)
        default:
            throw missing(pointer)
        }
    }

    private static func missing(_ pointer: [String]) -> Failure {
        Failure(description: "path /\(pointer.joined(separator: "/")) does not exist")
    }
}
