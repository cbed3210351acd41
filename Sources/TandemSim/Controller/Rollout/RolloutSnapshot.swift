import Foundation
import TandemKubeModel

/// Everything one reconcile of a Rollout reads, fetched once at its start (reference §3.1 steps 1–3).
struct RolloutSnapshot {
    var rollout: JSON
    /// ReplicaSets whose controller owner is this Rollout, sorted by revision.
    var replicaSets: [JSON]
    /// The Services the strategy references that exist, by name.
    var services: [String: JSON]
    /// The AnalysisTemplates and ClusterAnalysisTemplates the spec references that exist.
    var analysisTemplates: [RolloutAnalysisReference.TemplateRef: JSON] = [:]
    let now: Date

    var name: String { rollout.name }
    var namespace: String { rollout.namespace ?? "default" }
    var spec: JSON { rollout["spec"] }
    var status: JSON { rollout["status"].objectValue == nil ? .emptyObject : rollout["status"] }
    var replicas: Int { spec["replicas"].intValue ?? 1 }
    var generation: Int { rollout.generation ?? 1 }
    var isBlueGreen: Bool { !spec[path: ["strategy", "blueGreen"]].isNull }
    var blueGreen: JSON { spec[path: ["strategy", "blueGreen"]] }
    var canary: JSON { spec[path: ["strategy", "canary"]] }

    static func load(owned lookup: OwnedObjects, namespace: String, name: String, now: Date) async -> RolloutSnapshot? {
        let store = lookup.store
        guard let rollout = try? await store.get(.rollouts, namespace: namespace, name: name) else { return nil }
        let owned = await lookup.list(.replicaSets, namespace: namespace, ownerUID: rollout.uid)
        var services: [String: JSON] = [:]
        for serviceName in referencedServices(rollout) {
            if let service = try? await store.get(.services, namespace: namespace, name: serviceName) {
                services[serviceName] = service
            }
        }
        var templates: [RolloutAnalysisReference.TemplateRef: JSON] = [:]
        for ref in Set(RolloutAnalysisReference.all(in: rollout).flatMap(\.templateRefs)) {
            let template = ref.clusterScope
                ? try? await store.get(.clusterAnalysisTemplates, namespace: nil, name: ref.name)
                : try? await store.get(.analysisTemplates, namespace: namespace, name: ref.name)
            if let template { templates[ref] = template }
        }
        return RolloutSnapshot(rollout: rollout, replicaSets: owned.sorted { revision(of: $0) < revision(of: $1) },
                               services: services, analysisTemplates: templates, now: now)
    }

    /// activeService/previewService or canaryService/stableService names the spec references.
    static func referencedServices(_ rollout: JSON) -> [String] {
        let strategy = rollout[path: ["spec", "strategy"]]
        return [strategy["blueGreen"]["activeService"], strategy["blueGreen"]["previewService"],
                strategy["canary"]["canaryService"], strategy["canary"]["stableService"]]
            .compactMap(\.stringValue).filter { !$0.isEmpty }
    }

    static func revision(of rs: JSON) -> Int { Int(rs.annotations[ArgoKeys.revision] ?? "") ?? 0 }

    /// The revision an RS was first created with (before undo bumps), for ordering by age.
    static func originalRevision(of rs: JSON) -> Int {
        if let first = rs.annotations[ArgoKeys.revisionHistory]?.split(separator: ",").first, let value = Int(first) {
            return value
        }
        return revision(of: rs)
    }

    static func hash(of rs: JSON) -> String { rs.labels[ArgoKeys.hashLabel] ?? "" }

    func replicaSet(withHash hash: String?) -> JSON? {
        guard let hash, !hash.isEmpty else { return nil }
        return replicaSets.first { Self.hash(of: $0) == hash }
    }

    func serviceHash(_ serviceName: String?) -> String? {
        guard let serviceName, let service = services[serviceName] else { return nil }
        return service[path: ["spec", "selector", ArgoKeys.hashLabel]].stringValue
    }

    /// spec.selector as `a=b,c=d` (sorted), optionally with the hash label.
    func selectorString(hash: String?) -> String {
        var labels = spec[path: ["selector", "matchLabels"]].stringMap
        if let hash, !hash.isEmpty { labels[ArgoKeys.hashLabel] = hash }
        return labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }
}

/// Counts of a ReplicaSet as the Rollouts controller reads them.
extension JSON {
    var rsSpecReplicas: Int { self[path: ["spec", "replicas"]].intValue ?? 0 }
    var rsReplicas: Int { self[path: ["status", "replicas"]].intValue ?? 0 }
    var rsReadyReplicas: Int { self[path: ["status", "readyReplicas"]].intValue ?? 0 }
    var rsAvailableReplicas: Int { self[path: ["status", "availableReplicas"]].intValue ?? 0 }
}

extension RolloutSnapshot {
    /// Keeps the snapshot's copy of a ReplicaSet current after this reconcile wrote it.
    mutating func replace(_ rs: JSON) {
        if let index = replicaSets.firstIndex(where: { $0.name == rs.name }) { replicaSets[index] = rs }
    }

    /// Base status shared by both strategies after a template change (`resetRolloutStatus`).
    func resetStatus(_ status: inout JSON, newHash: String) {
        status["currentPodHash"] = .string(newHash)
        for key in ["pauseConditions", "controllerPause", "abort", "abortedAt", "promoteFull"] { status.deleteMember([key]) }
        for key in ["scaleUpPreviewCheckPoint", "prePromotionAnalysisRunStatus", "postPromotionAnalysisRunStatus"] {
            status.deleteMember(["blueGreen", key])
        }
        status.setText(["restartedAt"], spec["restartAt"].stringValue)
    }

    /// The `blueGreen` and `canary` members are structs in Go and always serialised, `{}` when empty.
    func ensureStrategyMembers(_ status: inout JSON) {
        if status["blueGreen"].objectValue == nil { status["blueGreen"] = .emptyObject }
        if status["canary"].objectValue == nil { status["canary"] = .emptyObject }
    }
}

/// Keeps the earliest of several wake-up times.
struct WakeTime {
    private(set) var date: Date?
    mutating func at(_ candidate: Date?) {
        guard let candidate else { return }
        if let current = date, current <= candidate { return }
        date = candidate
    }
}
