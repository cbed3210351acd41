/// A typed, read-only view of a Kubernetes object that keeps the whole object as `raw`
/// JSON. Every accessor reads from `raw`, so the view can never drift from the object and
/// writes made by patching `raw` keep fields tandem does not model.
public protocol KubeObject: Sendable, Hashable {
    /// Where objects of this kind live in the API.
    static var resourceType: ResourceType { get }
    /// The whole object as the API server returned it.
    var raw: JSON { get set }
    init(_ raw: JSON)
}

extension KubeObject {
    public var name: String { raw.name }
    public var namespace: String? { raw.namespace }
    public var uid: String? { raw.uid }
    public var resourceVersion: String? { raw.resourceVersion }
    public var generation: Int? { raw.generation }
    public var labels: [String: String] { raw.labels }
    public var annotations: [String: String] { raw.annotations }
    public var creationTimestamp: String? { raw.creationTimestamp }

    /// A new object of this kind with `apiVersion`, `kind` and `metadata` filled in.
    public static func skeleton(name: String, namespace: String?, labels: [String: String] = [:]) -> JSON {
        var metadata: JSON = ["name": .string(name)]
        if let namespace, resourceType.namespaced { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = JSON(labels) }
        return [
            "apiVersion": .string(resourceType.apiVersion),
            "kind": .string(resourceType.kind),
            "metadata": metadata,
        ]
    }
}

/// A `Condition` entry as Kubernetes and Argo Rollouts write them.
public struct KubeCondition: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }
    public var type: String { raw["type"].stringValue ?? "" }
    public var status: String { raw["status"].stringValue ?? "" }
    public var reason: String { raw["reason"].stringValue ?? "" }
    public var message: String { raw["message"].stringValue ?? "" }
    public var lastUpdateTime: String? { raw["lastUpdateTime"].stringValue }
    public var lastTransitionTime: String? { raw["lastTransitionTime"].stringValue }
}

extension JSON {
    /// An integer that the API may serialise as a number (or, for some fields, a decimal string).
    var looseInt: Int? {
        if let i = intValue { return i }
        if let s = stringValue { return Int(s) }
        return nil
    }
}
