import TandemKube
import TandemKubeModel
import TandemPairing

extension KubeClient {
    /// `kubectl argo rollouts set image` for the tests: the one image writer (`PodTemplateRewrite`) through the
    /// client's read-modify-write of the Rollout (`updateRollout`, retried on 409).
    func setImage(rollout name: String, container: String, image: String) async throws {
        try await updateRollout(name) { rollout in
            try PodTemplateRewrite.rewrite(rollout: rollout, container: container, image: image, configMapRenames: [:])
        }
    }
}
