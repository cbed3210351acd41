import TandemKubeModel
@testable import TandemPairing

/// Hand-built objects for pure tests: the loan app of the Codefresh example.
enum Fixtures {
    static let namespace = "legacy"

    static let loanApp = PairingPlan(
        name: "loan-app",
        services: [
            PairingService(name: "backend", rollout: "my-backend", namespace: namespace, image: "repo/interest"),
            PairingService(name: "frontend", rollout: "my-frontend", namespace: namespace, image: "repo/loan"),
        ],
        edges: [PairingEdge(consumer: "frontend", dependency: "backend", configMap: "my-frontend-settings", key: "BACKEND_HOST")])

    static func blueGreen(_ name: String, app: String, active: String, preview: String,
                          stable: String?, current: String?, uid: String? = nil) -> JSON {
        var rollout: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout"]
        rollout["metadata"] = ["name": .string(name), "namespace": .string(namespace)]
        if let uid { rollout[path: ["metadata", "uid"]] = .string(uid) }
        rollout["spec"] = ["replicas": 3, "selector": ["matchLabels": ["app": .string(app)]],
                           "strategy": ["blueGreen": ["activeService": .string(active), "previewService": .string(preview)]],
                           "template": ["metadata": ["labels": ["app": .string(app)]],
                                        "spec": ["containers": [["name": "main", "image": "placeholder"]]]]]
        rollout["status"] = ["stableRS": stable.map(JSON.string) ?? .null, "currentPodHash": current.map(JSON.string) ?? .null]
        return rollout
    }

    static func canary(_ name: String, app: String, stable: String, current: String) -> JSON {
        var rollout = blueGreen(name, app: app, active: "", preview: "", stable: stable, current: current)
        rollout[path: ["spec", "strategy"]] = ["canary": ["steps": [["setWeight": 20], ["pause": [:]]]]]
        return rollout
    }

    /// A ReplicaSet of `rollout` with pod-template hash `hash`, running `image`, reading `configMap`.
    static func replicaSet(_ rollout: String, app: String, hash: String, image: String, configMap: String? = nil,
                           replicas: Int = 3, ready: Int? = nil, revision: Int = 1) -> JSON {
        var container: JSON = ["name": "main", "image": .string(image)]
        if let configMap {
            container["env"] = [["name": "BACKEND_HOST",
                                 "valueFrom": ["configMapKeyRef": ["name": .string(configMap), "key": "BACKEND_HOST"]]]]
        }
        let labels: JSON = ["app": .string(app), "rollouts-pod-template-hash": .string(hash)]
        var rs: JSON = ["apiVersion": "apps/v1", "kind": "ReplicaSet"]
        rs["metadata"] = ["name": .string("\(rollout)-\(hash)"), "namespace": .string(namespace), "labels": labels,
                          "annotations": ["rollout.argoproj.io/revision": .string(String(revision))]]
        rs["spec"] = ["replicas": .int(replicas), "selector": ["matchLabels": labels],
                      "template": ["metadata": ["labels": labels], "spec": ["containers": [container]]]]
        rs["status"] = ["replicas": .int(replicas), "readyReplicas": .int(ready ?? replicas)]
        return rs
    }

    static func service(_ name: String, selector: [String: String], labels: [String: String] = [:]) -> JSON {
        var service: JSON = ["apiVersion": "v1", "kind": "Service"]
        service["metadata"] = ["name": .string(name), "namespace": .string(namespace), "labels": JSON(labels)]
        service["spec"] = ["selector": JSON(selector), "ports": [["name": "http", "port": 8080, "targetPort": 8080]]]
        return service
    }

    /// A pinned Service as tandem creates it for backend revision `hash` of `release`.
    static func pinned(hash: String, release: String) -> JSON {
        PinnedService(dependency: loanApp.service("backend")!, plan: "loan-app", release: release, hash: hash,
                      activeService: service("backend-active", selector: ["app": "interest"])).object
    }

    /// A ConfigMap not written by tandem (kustomize's, by hand).
    static func plainConfigMap(_ name: String, data: [String: String]) -> JSON {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace)],
         "data": JSON(data)]
    }

    /// A versioned ConfigMap tandem wrote for the frontend in `release`.
    static func tandemConfigMap(backendHost: String, release: String, paired: String? = nil) -> VersionedConfigMap {
        VersionedConfigMap(base: "my-frontend-settings", namespace: namespace,
                           current: ["data": ["APP_VERSION": "x"]], values: ["BACKEND_HOST": backendHost],
                           plan: "loan-app", service: "frontend", release: release,
                           pairedReleases: ["BACKEND_HOST": paired ?? release])
    }
}
