import TandemKubeModel

/// Canary and blue/green Rollouts as the preflight and the program see them.
enum CanaryRolloutFixtures {
    /// setWeight 20, pause {}, setWeight 50, pause {}, setWeight 100.
    static let standardSteps: [JSON] = [["setWeight": 20], ["pause": [:]], ["setWeight": 50], ["pause": [:]], ["setWeight": 100]]

    static func canary(_ name: String, steps: [JSON] = standardSteps, stableService: String? = "default",
                       canaryService: String? = "default", stableRS: String = "stable1") -> Rollout {
        var canary: [String: JSON] = ["steps": .array(steps)]
        if let stableService { canary["stableService"] = .string(stableService == "default" ? "\(name)-stable" : stableService) }
        if let canaryService { canary["canaryService"] = .string(canaryService == "default" ? "\(name)-canary" : canaryService) }
        return Rollout(["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                             "metadata": ["name": .string(name), "namespace": "legacy"],
                             "spec": ["strategy": ["canary": .object(canary)]],
                             "status": ["stableRS": .string(stableRS), "currentPodHash": .string(stableRS)]])
    }

    static func blueGreen(_ name: String) -> Rollout {
        Rollout(["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                      "metadata": ["name": .string(name), "namespace": "legacy"],
                      "spec": ["strategy": ["blueGreen": ["activeService": .string("\(name)-active")]]]])
    }

    static func service(_ name: String, selector: [String: String]) -> Service {
        Service(["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "legacy"],
                      "spec": ["selector": .object(selector.mapValues(JSON.string))]])
    }
}
