import Foundation

/// A JSON value, used for whole Kubernetes objects so that fields tandem does not model
/// survive every read-modify-write unchanged.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}

extension JSON {
    public static let emptyObject = JSON.object([:])

    public var isNull: Bool { if case .null = self { return true } else { return false } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [String: JSON]? { if case .object(let o) = self { return o } else { return nil } }
    /// Integer value; integral doubles and decimal strings are not coerced.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    /// Member access on objects; `.null` for anything missing.
    public subscript(key: String) -> JSON {
        get { objectValue?[key] ?? .null }
        set {
            var object = objectValue ?? [:]
            object[key] = newValue
            self = .object(object)
        }
    }

    /// Element access on arrays; `.null` when out of range.
    public subscript(index: Int) -> JSON {
        guard case .array(let a) = self, a.indices.contains(index) else { return .null }
        return a[index]
    }

    /// Value at a path of object keys, e.g. `["spec", "strategy", "blueGreen"]`.
    public subscript(path path: [String]) -> JSON {
        get { path.reduce(self) { $0[$1] } }
        set {
            guard let first = path.first else { self = newValue; return }
            var child = self[first]
            child[path: Array(path.dropFirst())] = newValue
            self[first] = child
        }
    }

    /// String-to-string map, e.g. labels or a ConfigMap's data; non-strings are skipped.
    public var stringMap: [String: String] {
        guard let object = objectValue else { return [:] }
        return object.compactMapValues { $0.stringValue }
    }

    public init(_ map: [String: String]) {
        self = .object(map.mapValues { .string($0) })
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
