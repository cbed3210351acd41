import Foundation
import TandemKubeModel

/// The Rollout `scale` subresource the CRD declares (specReplicasPath .spec.replicas,
/// statusReplicasPath .status.HPAReplicas, labelSelectorPath .status.selector): an
/// autoscaling/v1 Scale that `kubectl scale` and HorizontalPodAutoscalers read and write.
extension APIHandler {
    func scale(_ type: ResourceType, _ namespace: String?, _ name: String, _ method: String,
               _ request: APIRequest) async throws -> APIResponse {
        let verb = ["GET": "get", "PUT": "update", "PATCH": "patch"][method]
        guard let verb else { throw APIStatus.methodNotAllowed(method) }
        if verb == "get" { return .json(Self.scaleObject(try await store.get(type, namespace: namespace, name: name))) }
        let change: @Sendable (JSON) throws(APIStatus) -> JSON
        if verb == "update" {
            let body = try parseBody(request)
            change = { _ in body }
        } else {
            change = try patchFunction(type, request)
        }
        let dryRun = try Self.dryRun(request)
        let written = try await store.modify(type, namespace: namespace, name: name, dryRun: dryRun) { current throws(APIStatus) in
            let before = Self.scaleObject(current)
            let after = try change(before)
            if let rv = after.resourceVersion, !rv.isEmpty, rv != current.resourceVersion { throw APIStatus.conflict(type, name) }
            guard let replicas = after[path: ["spec", "replicas"]].intValue, replicas >= 0 else {
                throw RolloutAdmission.invalid(name, [FieldCause(reason: .invalid, field: "spec.replicas",
                                                                 message: "Invalid value: \(after[path: ["spec", "replicas"]].serializedString()): must be a non-negative integer")])
            }
            var rollout = current
            rollout[path: ["spec", "replicas"]] = .int(replicas)
            return rollout
        }
        return .json(Self.scaleObject(written))
    }

    static func scaleObject(_ rollout: JSON) -> JSON {
        var metadata: JSON = [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata.setOrRemove([field], rollout["metadata"][field])
        }
        var status: JSON = ["replicas": .int(rollout[path: ["status", "HPAReplicas"]].intValue ?? 0)]
        status.setOrRemove(["selector"], rollout[path: ["status", "selector"]])
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
                "spec": ["replicas": .int(rollout[path: ["spec", "replicas"]].intValue ?? 1)], "status": status]
    }
}
