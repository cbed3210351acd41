import TandemKubeModel

/// The objects of one resource type in one namespace as a cache holds them: by name, with an index of
/// their labels so a selector with an equality term (`pod-template-hash=abc`) looks only at the objects
/// carrying that label instead of scanning the namespace.
public struct CachedCollection: Sendable {
    private var objects: [String: JSON] = [:]
    /// "key=value" → names of the objects with that label.
    private var labelIndex: [String: Set<String>] = [:]

    public init(_ items: [JSON] = []) {
        for item in items { upsert(item) }
    }

    public var count: Int { objects.count }

    public subscript(name: String) -> JSON? { objects[name] }

    public mutating func upsert(_ object: JSON) {
        let name = object.name
        if let old = objects[name] { unindex(old) }
        objects[name] = object
        for (key, value) in object.labels { labelIndex[Self.term(key, value), default: []].insert(name) }
    }

    public mutating func remove(_ name: String) {
        guard let old = objects.removeValue(forKey: name) else { return }
        unindex(old)
    }

    /// The objects whose labels match `selector` (nil = all), sorted by name as a LIST answers.
    public func matching(_ selector: LabelSelector?) -> [JSON] {
        let candidates: [JSON]
        if let selector, let narrowest = selector.requirements.compactMap(equalityTerm).min(by: { $0.count < $1.count }) {
            candidates = narrowest.compactMap { objects[$0] }.filter { selector.matches($0.labels) }
        } else if let selector, !selector.isEmpty {
            candidates = objects.values.filter { selector.matches($0.labels) }
        } else {
            candidates = Array(objects.values)
        }
        return candidates.sorted { $0.name < $1.name }
    }

    private func equalityTerm(_ requirement: LabelSelector.Requirement) -> Set<String>? {
        guard case .equals(let key, let value) = requirement else { return nil }
        return labelIndex[Self.term(key, value)] ?? []
    }

    private mutating func unindex(_ object: JSON) {
        let name = object.name
        for (key, value) in object.labels {
            let term = Self.term(key, value)
            labelIndex[term]?.remove(name)
            if labelIndex[term]?.isEmpty == true { labelIndex[term] = nil }
        }
    }

    private static func term(_ key: String, _ value: String) -> String { key + "=" + value }
}
