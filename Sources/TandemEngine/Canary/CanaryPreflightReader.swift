import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan

/// Reads what `CanaryPreflight` decides on: every Rollout of the plan and what each consumer's
/// current pods call. Read-only.
public enum CanaryPreflightReader {
    /// The plan's canary group (`nil` for blue/green plans), or the reasons it cannot step together.
    public static func group(plan: ReleasePlan, client: KubeClient) async throws -> CanaryGroup? {
        let pairing = PairingPlan(plan)
        var members: [(service: String, rollout: Rollout)] = []
        for service in pairing.services {
            members.append((service.name, try await client.rollout(service.rollout, namespace: service.namespace)))
        }
        guard plan.coupling == .lockstep, members.contains(where: { $0.rollout.strategy == .canary }) else {
            return try CanaryPreflight.check(plan: plan, members: members, stableTargets: [])
        }
        let rollouts = Dictionary(members.map { ($0.service, $0.rollout) }, uniquingKeysWith: { a, _ in a })
        var targets: [StableTarget] = []
        for edge in pairing.edges {
            guard let consumer = pairing.service(edge.consumer), let rollout = rollouts[edge.consumer],
                  let name = try? VersionedConfigMap.currentName(base: edge.configMap, inTemplate: rollout.template.raw, rollout: rollout.name),
                  let configMap = try await optional({ try await client.configMap(name, namespace: consumer.namespace) }),
                  let value = configMap.data[edge.key],
                  let address = ValueTemplate(edge.valueTemplate).target(in: value) else { continue }
            let service = try await optional { try await client.service(address.service, namespace: address.namespace ?? consumer.namespace) }
            targets.append(StableTarget(consumer: edge.consumer, dependency: edge.dependency, key: edge.key,
                                        configMap: name, value: value, service: service))
        }
        return try CanaryPreflight.check(plan: plan, members: members, stableTargets: targets)
    }

    /// The object, or `nil` when it does not exist.
    static func optional<T: Sendable>(_ read: () async throws -> T) async throws -> T? {
        do {
            return try await read()
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
    }
}
