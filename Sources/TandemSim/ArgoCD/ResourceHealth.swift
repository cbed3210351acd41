import TandemKubeModel

/// Argo CD's health assessment of one live object: the Rollout rules of
/// resource_customizations/argoproj.io/Rollout/health.lua and the built-in checks for Services,
/// ReplicaSets and Pods. Kinds without a health check (ConfigMaps…) have no health.
struct ResourceHealth: Sendable, Equatable {
    enum Status: String, Sendable, Comparable {
        case healthy = "Healthy", suspended = "Suspended", progressing = "Progressing", missing = "Missing",
             degraded = "Degraded", unknown = "Unknown"

        /// gitops-engine's order: an application is as unhealthy as its worst resource.
        private var rank: Int {
            switch self {
            case .healthy: 0
            case .suspended: 1
            case .progressing: 2
            case .missing: 3
            case .degraded: 4
            case .unknown: 5
            }
        }
        static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    let status: Status
    let message: String

    var json: JSON {
        message.isEmpty ? ["status": .string(status.rawValue)] : ["status": .string(status.rawValue), "message": .string(message)]
    }

    static let missing = ResourceHealth(status: .missing, message: "")

    /// nil when Argo CD has no health check for the kind.
    static func assess(_ type: ResourceType, _ object: JSON) -> ResourceHealth? {
        switch type {
        case .rollouts: return rollout(object)
        case .services: return service(object)
        case .replicaSets: return replicaSet(object)
        case .pods: return pod(object)
        default: return nil
        }
    }

    static func rollout(_ o: JSON) -> ResourceHealth {
        let status = o["status"], spec = o["spec"]
        func progressing(_ message: String) -> ResourceHealth { ResourceHealth(status: .progressing, message: message) }
        // isGenerationObserved: a Rollout without status has not been observed yet.
        if status.isNull { return progressing("Waiting for rollout spec update to be observed") }
        if let observed = status["observedGeneration"].intValue ?? status["observedGeneration"].stringValue.flatMap(Int.init),
           let generation = o["metadata"]["generation"].intValue, observed < generation {
            return progressing("Waiting for rollout spec update to be observed")
        }
        if let phase = status["phase"].stringValue {
            let mapped = phase == "Paused" ? Status.suspended : Status(rawValue: phase) ?? .unknown
            return ResourceHealth(status: mapped, message: status["message"].stringValue ?? "")
        }
        for condition in status["conditions"].arrayValue ?? [] {
            let type = condition["type"].stringValue, reason = condition["reason"].stringValue
            if type == "InvalidSpec" || (type == "Progressing" && (reason == "RolloutAborted" || reason == "ProgressDeadlineExceeded")) {
                return ResourceHealth(status: .degraded, message: condition["message"].stringValue ?? "")
            }
        }
        if status["pauseConditions"].arrayValue?.isEmpty == false || spec["paused"].boolValue == true {
            return ResourceHealth(status: .suspended, message: "Rollout is paused")
        }
        guard let currentPodHash = status["currentPodHash"].stringValue else {
            return progressing("Waiting for rollout to finish: status has not been reconciled.")
        }
        let desired = spec["replicas"].intValue ?? 1
        let replicas = status["replicas"].intValue ?? 0
        let updated = status["updatedReplicas"].intValue ?? 0
        let available = status["availableReplicas"].intValue ?? 0
        if updated < desired { return progressing("Waiting for roll out to finish: More replicas need to be updated") }
        if available < updated { return progressing("Waiting for roll out to finish: updated replicas are still becoming available") }
        let stableRS = status["stableRS"].stringValue ?? status["canary"]["stableRS"].stringValue ?? ""
        if !spec["strategy"]["blueGreen"].isNull {
            if status["blueGreen"]["activeSelector"].stringValue != currentPodHash { return progressing("active service cutover pending") }
            if !stableRS.isEmpty, stableRS != currentPodHash { return progressing("waiting for analysis to complete") }
        } else if !spec["strategy"]["canary"].isNull {
            if replicas > updated { return progressing("Waiting for roll out to finish: old replicas are pending termination") }
            if stableRS.isEmpty || stableRS != currentPodHash { return progressing("Waiting for rollout to finish steps") }
        }
        return ResourceHealth(status: .healthy, message: "")
    }

    static func service(_ o: JSON) -> ResourceHealth {
        if o["spec"]["type"].stringValue == "LoadBalancer", o["status"]["loadBalancer"]["ingress"].arrayValue?.isEmpty != false {
            return ResourceHealth(status: .progressing, message: "")
        }
        return ResourceHealth(status: .healthy, message: "")
    }

    static func replicaSet(_ o: JSON) -> ResourceHealth {
        let status = o["status"]
        if let generation = o["metadata"]["generation"].intValue, (status["observedGeneration"].intValue ?? 0) < generation {
            return ResourceHealth(status: .progressing, message: "Waiting for rollout to finish: observed replica set generation less than desired generation")
        }
        for condition in status["conditions"].arrayValue ?? []
        where condition["type"].stringValue == "ReplicaFailure" && condition["status"].stringValue == "True" {
            return ResourceHealth(status: .degraded, message: condition["message"].stringValue ?? "")
        }
        let desired = o["spec"]["replicas"].intValue ?? 1, available = status["availableReplicas"].intValue ?? 0
        if available < desired {
            return ResourceHealth(status: .progressing, message: "Waiting for rollout to finish: \(available) of \(desired) updated replicas are available...")
        }
        return ResourceHealth(status: .healthy, message: "")
    }

    static func pod(_ o: JSON) -> ResourceHealth {
        switch o["status"]["phase"].stringValue {
        case "Succeeded": return ResourceHealth(status: .healthy, message: "")
        case "Failed": return ResourceHealth(status: .degraded, message: o["status"]["message"].stringValue ?? "")
        case "Running":
            let ready = o["status"]["conditions"].arrayValue?.contains { $0["type"] == "Ready" && $0["status"] == "True" } == true
            return ResourceHealth(status: ready ? .healthy : .progressing, message: "")
        default: return ResourceHealth(status: .progressing, message: "")
        }
    }
}
