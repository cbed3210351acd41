/// A core/v1 ConfigMap.
public struct ConfigMap: KubeObject {
    public static let resourceType = ResourceType.configMaps
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var data: [String: String] { raw["data"].stringMap }
    public var binaryData: [String: String] { raw["binaryData"].stringMap }
    public var immutable: Bool { raw["immutable"].boolValue ?? false }

    public static func make(name: String, namespace: String?, data: [String: String],
                            labels: [String: String] = [:], annotations: [String: String] = [:],
                            immutable: Bool = false) -> ConfigMap {
        var raw = skeleton(name: name, namespace: namespace, labels: labels)
        for (k, v) in annotations { raw.setAnnotation(k, v) }
        raw["data"] = JSON(data)
        if immutable { raw["immutable"] = true }
        return ConfigMap(raw)
    }
}
