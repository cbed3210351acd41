import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan

/// Reads what `CanaryPreflight` decides on: every Rollout of the plan and what each consumer's
/// current pods call. Read-only; through the release's cache when it starts (the same reads its steps use).
public enum CanaryPreflightReader {
    /// The plan's canary group (`nil` for blue/green plans), or the reasons it cannot step together.
    public static func group(plan: ReleasePlan, reads: any KubeReads) async throws -> CanaryGroup? {
        let pairing = PairingPlan(plan)
        var members: [(service: String, rollout: Rollout)] = []
        for service in pairing.services {
            members.append((service.name, try await reads.rollout(service.rollout, namespace: service.namespace)))
        }
        guard plan.coupling == .lockstep, members.contains(where: { $0.rollout.strategy == .canary }) else {
            return try CanaryPreflight.check(plan: plan, members: members, stableTargets: [])
        }
        let rollouts = Dictionary(members.map { ($0.service, $0.rollout) }, uniquingKeysWith: { a, _ in a })
        var targets: [StableTarget] = []
        for edge in pairing.edges {
            guard let consumer = pairing.service(edge.consumer), let rollout = rollouts[edge.consumer],
                  let name = try? VersionedConfigMap.currentName(base: edge.configMap, inTemplate: rollout.template.raw, rollout: rollout.name),
                  let configMap = try await reads.object(.configMaps, namespace: consumer.namespace, name: name).map(ConfigMap.init),
                  let value = configMap.data[edge.key],
                  let address = ValueTemplate(edge.valueTemplate).target(in: value) else { continue }
            let service = try await reads.object(.services, namespace: address.namespace ?? consumer.namespace, name: address.service)
                .map(Service.init)
            targets.append(StableTarget(consumer: edge.consumer, dependency: edge.dependency, key: edge.key,
                                        configMap: name, value: value, service: service))
        }
        return try CanaryPreflight.check(plan: plan, members: members, stableTargets: targets)
    }
}
