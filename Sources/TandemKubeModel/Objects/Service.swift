/// A core/v1 Service: selector and ports are what tandem reads and pins.
public struct Service: KubeObject {
    public static let resourceType = ResourceType.services
    public static let managedByAnnotation = "argo-rollouts.argoproj.io/managed-by-rollouts"
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var selector: [String: String] { raw[path: ["spec", "selector"]].stringMap }
    public var ports: [ServicePort] { (raw[path: ["spec", "ports"]].arrayValue ?? []).map(ServicePort.init) }
    public var type: String { raw[path: ["spec", "type"]].stringValue ?? "ClusterIP" }
    public var clusterIP: String? { raw[path: ["spec", "clusterIP"]].stringValue }
    /// The pod-template hash this Service is pinned to, if any.
    public var podTemplateHash: String? { selector[Rollout.podTemplateHashLabel] }

    /// A ClusterIP Service manifest.
    public static func make(name: String, namespace: String?, selector: [String: String], ports: [ServicePort],
                            labels: [String: String] = [:], annotations: [String: String] = [:]) -> Service {
        var raw = skeleton(name: name, namespace: namespace, labels: labels)
        for (k, v) in annotations { raw.setAnnotation(k, v) }
        raw["spec"] = ["selector": JSON(selector), "ports": .array(ports.map(\.raw))]
        return Service(raw)
    }
}

public struct ServicePort: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }
    public init(name: String? = nil, port: Int, targetPort: JSON? = nil, protocol proto: String = "TCP") {
        var raw: JSON = ["port": .int(port), "protocol": .string(proto)]
        if let name { raw["name"] = .string(name) }
        raw["targetPort"] = targetPort ?? .int(port)
        self.raw = raw
    }
    public var name: String? { raw["name"].stringValue }
    public var port: Int { raw["port"].intValue ?? 0 }
    /// An int or a named port.
    public var targetPort: JSON { raw["targetPort"] }
}
