import Foundation
import TandemKubeModel

/// The comparison of one Application's rendered manifests at a commit with the live cluster
/// (controller/state.go's CompareAppState, reduced to what the simulator needs).
struct ApplicationComparison: Sendable {
    struct Resource: Sendable {
        let type: ResourceType?
        let group: String
        let version: String
        let kind: String
        let namespace: String?
        let name: String
        /// The object to apply (nil for an extra live object that only pruning would remove).
        let desired: JSON?
        let live: JSON?
        let inSync: Bool
        let health: ResourceHealth?

        var requiresPruning: Bool { desired == nil }

        /// Whether it counts for the Application's sync status: an extraneous object (no longer
        /// rendered) annotated `IgnoreExtraneous` does not (controller/state.go).
        var countsForSync: Bool { !(requiresPruning && ResourceOptions.ignoresExtraneous(live)) }

        /// One entry of `status.resources`.
        var statusJSON: JSON {
            var entry: JSON = ["group": .string(group), "version": .string(version), "kind": .string(kind),
                               "name": .string(name), "status": inSync ? "Synced" : "OutOfSync"]
            if let namespace { entry["namespace"] = .string(namespace) }
            if let health { entry["health"] = health.json }
            if requiresPruning { entry["requiresPruning"] = true }
            return entry
        }
    }

    let revision: String
    let sourceType: String
    let resources: [Resource]

    /// Synced when every resource that counts for the sync status is in sync.
    var synced: Bool { resources.allSatisfy { $0.inSync || !$0.countsForSync } }

    /// The application's health: its worst resource's (Healthy when none has a health check).
    var health: ResourceHealth {
        let assessed = resources.filter { !$0.requiresPruning }.compactMap(\.health)
        guard let worst = assessed.max(by: { $0.status < $1.status }) else { return ResourceHealth(status: .healthy, message: "") }
        return ResourceHealth(status: worst.status, message: worst.status == .healthy ? "" : worst.message)
    }

    /// Compares the rendered objects with the store; live objects tracked as this application's
    /// that are no longer rendered are extra resources (OutOfSync, requiresPruning).
    static func compare(application: String, spec: ApplicationSpec, revision: String, rendered: ManifestRenderer.Rendered,
                        store: ObjectStore) async -> ApplicationComparison {
        var resources: [Resource] = []
        var wanted = Set<String>()
        for object in rendered.objects {
            let type = LiveState.resourceType(of: object)
            let desired = LiveState.desired(object, application: application, type: type, destinationNamespace: spec.destinationNamespace)
            let namespace = (type?.namespaced ?? true) ? desired.namespace : nil
            let live: JSON? = if let type { try? await store.get(type, namespace: namespace, name: desired.name) } else { nil }
            let parts = (desired["apiVersion"].stringValue ?? "").split(separator: "/").map(String.init)
            wanted.insert(key(group: parts.count == 2 ? parts[0] : "", kind: desired["kind"].stringValue ?? "", namespace: namespace, name: desired.name))
            resources.append(Resource(
                type: type, group: parts.count == 2 ? parts[0] : "", version: parts.last ?? "", kind: desired["kind"].stringValue ?? "",
                namespace: namespace, name: desired.name, desired: desired, live: live,
                inSync: live.map { LiveState.inSync(desired: desired, live: $0) } ?? false,
                health: health(type, live)))
        }
        for live in await trackedObjects(of: application, store: store) {
            let (type, object) = live
            let namespace = type.namespaced ? object.namespace : nil
            guard !wanted.contains(key(group: type.group, kind: type.kind, namespace: namespace, name: object.name)) else { continue }
            resources.append(Resource(type: type, group: type.group, version: type.version, kind: type.kind, namespace: namespace,
                                      name: object.name, desired: nil, live: object, inSync: false,
                                      health: ResourceHealth.assess(type, object)))
        }
        return ApplicationComparison(revision: revision, sourceType: rendered.sourceType, resources: resources)
    }

    /// Argo CD marks every rendered object that does not exist as Missing, whatever its kind.
    private static func health(_ type: ResourceType?, _ live: JSON?) -> ResourceHealth? {
        guard let live else { return .missing }
        return type.flatMap { ResourceHealth.assess($0, live) }
    }

    /// Every live object whose tracking id names the application.
    static func trackedObjects(of application: String, store: ObjectStore) async -> [(ResourceType, JSON)] {
        var found: [(ResourceType, JSON)] = []
        for type in ResourceType.served where type.verbs.contains("list") {
            for object in await store.list(type, namespace: nil).items where TrackingID.managingApplication(of: object, type: type) == application {
                found.append((type, object))
            }
        }
        return found
    }

    private static func key(group: String, kind: String, namespace: String?, name: String) -> String {
        "\(group)/\(kind)/\(namespace ?? "")/\(name)"
    }
}
