import TandemKubeModel

/// What the cache drops from an object before keeping it, as client-go informers' transform functions do:
/// fields tandem never reads that can be most of an object's size on a real API server.
/// - `metadata.managedFields` (server-side apply's field ownership; often as large as the spec): safe to drop
///   from every type, because an update that omits it leaves the server's copy unchanged.
/// - the `kubectl.kubernetes.io/last-applied-configuration` annotation (a whole copy of the applied
///   manifest), only from types tandem never writes back from the cache (ReplicaSets, Pods): a Rollout PUT
///   built from a trimmed copy would delete it, and with it `kubectl apply`'s and Argo CD's three-way diff.
enum CachedObjectTrim {
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    static func trimmed(_ object: JSON, type: ResourceType) -> JSON {
        guard case .object(var fields) = object, case .object(var metadata) = fields["metadata"] ?? .null else { return object }
        var changed = metadata.removeValue(forKey: "managedFields") != nil
        if dropsLastApplied(type), case .object(var annotations) = metadata["annotations"] ?? .null,
           annotations.removeValue(forKey: lastApplied) != nil {
            metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
            changed = true
        }
        guard changed else { return object }
        fields["metadata"] = .object(metadata)
        return .object(fields)
    }

    private static func dropsLastApplied(_ type: ResourceType) -> Bool {
        type == .replicaSets || type == .pods
    }
}
