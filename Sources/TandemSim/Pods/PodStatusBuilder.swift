import Foundation
import TandemKubeModel

/// Pod `status` documents as the kubelet writes them, computed only from the start time and
/// the clock, so writing the same state twice changes nothing.
enum PodStatusBuilder {
    static func isCrashLooping(_ pod: JSON) -> Bool {
        (pod[path: ["spec", "containers"]].arrayValue ?? []).contains {
            PodImage.tag(of: $0["image"].stringValue ?? "").hasSuffix(PodKeys.crashLoopSuffix)
        }
    }

    static func running(_ pod: JSON, started: Date, readyAt: Date, now: Date) -> JSON {
        let crashLoop = isCrashLooping(pod)
        let ready = !crashLoop && now >= readyAt
        let startTime = JSON.string(KubeTime.format(started))
        let readyTime = JSON.string(KubeTime.format(ready ? readyAt : started))
        let restarts = crashLoop ? Int(now.timeIntervalSince(started) / PodKeys.crashLoopPeriod) : 0
        let containers = (pod[path: ["spec", "containers"]].arrayValue ?? []).map { container -> JSON in
            let image = container["image"].stringValue ?? ""
            var entry: JSON = [
                "name": container["name"], "image": .string(image), "imageID": .string("sim://\(image)"),
                "ready": .bool(ready), "started": .bool(!crashLoop), "restartCount": .int(restarts),
            ]
            if crashLoop {
                entry["state"] = ["waiting": [
                    "reason": "CrashLoopBackOff",
                    "message": .string("back-off 10s restarting failed container=\(container["name"].stringValue ?? "") pod=\(pod.name)"),
                ]]
                entry["lastState"] = ["terminated": ["exitCode": 1, "reason": "Error", "startedAt": startTime, "finishedAt": startTime]]
            } else {
                entry["state"] = ["running": ["startedAt": startTime]]
            }
            return entry
        }
        return [
            "phase": "Running", "hostIP": "10.0.0.1", "podIP": .string(podIP(pod)), "podIPs": [["ip": .string(podIP(pod))]],
            "startTime": startTime, "qosClass": "BestEffort",
            "conditions": [
                condition("PodScheduled", true, startTime), condition("Initialized", true, startTime),
                condition("ContainersReady", ready, readyTime), condition("Ready", ready, readyTime),
            ],
            "containerStatuses": .array(containers),
        ]
    }

    /// A pod whose container cannot start (CreateContainerConfigError, ContainerCreating).
    static func waiting(_ pod: JSON, failure: PodConfigReader.StartFailure) -> JSON {
        let created = JSON.string(pod.creationTimestamp ?? "")
        let containers = (pod[path: ["spec", "containers"]].arrayValue ?? []).map { container -> JSON in
            [
                "name": container["name"], "image": container["image"], "imageID": "", "ready": false, "started": false,
                "restartCount": 0,
                "state": ["waiting": ["reason": .string(failure.reason), "message": .string(failure.message)]],
            ]
        }
        return [
            "phase": "Pending", "hostIP": "10.0.0.1", "podIP": .string(podIP(pod)), "startTime": created, "qosClass": "BestEffort",
            "conditions": [
                condition("PodScheduled", true, created), condition("Initialized", true, created),
                condition("ContainersReady", false, created), condition("Ready", false, created),
            ],
            "containerStatuses": .array(containers),
        ]
    }

    private static func condition(_ type: String, _ value: Bool, _ time: JSON) -> JSON {
        ["type": .string(type), "status": value ? "True" : "False", "lastProbeTime": nil, "lastTransitionTime": time]
    }

    /// A fake, stable 10.x.y.z address derived from the pod's namespace and name.
    static func podIP(_ pod: JSON) -> String {
        let hash = PodTemplateHash.fnv1a(Array("\(pod.namespace ?? "")/\(pod.name)".utf8))
        return "10.\(1 + (hash >> 16) % 254).\((hash >> 8) & 255).\(1 + hash % 254)"
    }
}

/// Reading versions from container images.
enum PodImage {
    /// The tag of `repo/name:tag` (`latest` when absent; the digest for `name@sha256:…`).
    static func tag(of image: String) -> String {
        if let at = image.lastIndex(of: "@") { return String(image[image.index(after: at)...]) }
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        if let colon = image.lastIndex(of: ":"), colon > lastSlash { return String(image[image.index(after: colon)...]) }
        return "latest"
    }
}
