import Foundation

/// Accessors for the `metadata` of any object held as JSON.
extension JSON {
    public var name: String { self["metadata"]["name"].stringValue ?? "" }
    public var namespace: String? { self["metadata"]["namespace"].stringValue }
    public var uid: String? { self["metadata"]["uid"].stringValue }
    public var kind: String? { self["kind"].stringValue }
    public var resourceVersion: String? { self["metadata"]["resourceVersion"].stringValue }
    public var generation: Int? { self["metadata"]["generation"].intValue }
    public var labels: [String: String] { self["metadata"]["labels"].stringMap }
    public var annotations: [String: String] { self["metadata"]["annotations"].stringMap }
    public var creationTimestamp: String? { self["metadata"]["creationTimestamp"].stringValue }
    public var deletionTimestamp: String? { self["metadata"]["deletionTimestamp"].stringValue }

    /// The owner reference marked `controller: true`, if any.
    public var controllerOwner: JSON? {
        self["metadata"]["ownerReferences"].arrayValue?.first { $0["controller"].boolValue == true }
    }

    public mutating func setLabel(_ key: String, _ value: String?) {
        self[path: ["metadata", "labels", key]] = value.map(JSON.string) ?? .null
        if value == nil { removeNulls(at: ["metadata", "labels"]) }
    }

    public mutating func setAnnotation(_ key: String, _ value: String?) {
        self[path: ["metadata", "annotations", key]] = value.map(JSON.string) ?? .null
        if value == nil { removeNulls(at: ["metadata", "annotations"]) }
    }

    private mutating func removeNulls(at path: [String]) {
        guard case .object(let o) = self[path: path] else { return }
        self[path: path] = .object(o.filter { !$0.value.isNull })
    }
}
