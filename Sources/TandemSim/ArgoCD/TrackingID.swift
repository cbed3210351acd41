import TandemKubeModel

/// Argo CD's annotation-based resource tracking (util/argo/resource_tracking.go):
/// `argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>`.
enum TrackingID {
    static let annotation = "argocd.argoproj.io/tracking-id"

    static func value(application: String, group: String, kind: String, namespace: String?, name: String) -> String {
        "\(application):\(group)/\(kind):\(namespace ?? "")/\(name)"
    }

    /// The Application an object's tracking id names, or nil when it has none.
    static func application(of object: JSON) -> String? {
        guard let id = object["metadata"]["annotations"][annotation].stringValue,
              let colon = id.firstIndex(of: ":") else { return nil }
        return String(id[..<colon])
    }

    /// The Application that manages `object` of kind `type`: only when the tracking id names the
    /// object itself. Argo Rollouts copies a Rollout's annotations onto its ReplicaSets, and such a
    /// copied id names the Rollout, so the ReplicaSet is not the application's (Argo CD's
    /// isSelfReferencedObj check).
    static func managingApplication(of object: JSON, type: ResourceType) -> String? {
        guard let app = application(of: object) else { return nil }
        let expected = value(application: app, group: type.group, kind: type.kind,
                             namespace: type.namespaced ? object.namespace : nil, name: object.name)
        return object["metadata"]["annotations"][annotation].stringValue == expected ? app : nil
    }
}
