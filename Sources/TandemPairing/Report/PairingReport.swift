import TandemKubeModel

/// Who calls whom right now: for each consumer Rollout and each of its revisions that has
/// pods, the ConfigMap its template references → the value of each dependsOn key → the
/// Service → its selector → the dependency's revision → that revision's version and role.
/// Pure over a snapshot, so it is safe at any moment and tested without a cluster.
public struct PairingReport: Sendable, Hashable, Codable {
    public var plan: String
    public var rows: [PairingRow]
    /// Objects the report expected and did not find (e.g. a Rollout not deployed yet).
    public var notes: [String]

    public var mixed: [PairingRow] { rows.filter { $0.verdict == .mixed } }
    public var hasMixed: Bool { !mixed.isEmpty }

    public static func compute(plan: PairingPlan, snapshot: ClusterSnapshot) -> PairingReport {
        var rows: [PairingRow] = [], notes: [String] = []
        for consumer in plan.consumers {
            guard let rollout = snapshot.rollout(consumer.namespace, consumer.rollout) else {
                notes.append("Rollout \(consumer.namespace)/\(consumer.rollout) of service \(consumer.name) not found")
                continue
            }
            let replicaSets = snapshot.replicaSets(of: rollout)
            let roles = RevisionRole.roles(of: rollout, replicaSets: replicaSets, snapshot: snapshot)
            for replicaSet in replicaSets where replicaSet.hasPods {
                let role = replicaSet.podTemplateHash.flatMap { roles[$0] } ?? .draining
                for edge in plan.edges(from: consumer.name) {
                    rows += Self.rows(edge: edge, consumer: consumer, replicaSet: replicaSet, role: role, plan: plan, snapshot: snapshot)
                }
            }
        }
        return PairingReport(plan: plan.name, rows: rows, notes: notes)
    }

    /// The rows for one consumer revision and one edge: one per dependency revision with pods
    /// that the key's Service reaches (one row when it reaches none).
    static func rows(edge: PairingEdge, consumer: PairingService, replicaSet: ReplicaSet, role: RevisionRole,
                     plan: PairingPlan, snapshot: ClusterSnapshot) -> [PairingRow] {
        var row = PairingRow(
            consumer: consumer.name, consumerRevision: replicaSet.name, role: role,
            version: RevisionRelease.version(of: replicaSet, service: consumer), key: edge.key,
            dependency: edge.dependency, reason: "")
        let pod = PodAnswerSummary(snapshot.podAnswers["\(replicaSet.namespace ?? "")/\(replicaSet.name)"], edge: edge)
        row.podSays = pod?.text
        row.podReachedVersion = pod?.reachedVersion
        func unresolved(_ reason: String) -> [PairingRow] {
            row.verdict = role.isServing ? .unresolved : nil
            row.reason = reason
            return [row]
        }
        let namespace = replicaSet.namespace ?? consumer.namespace
        guard let configMapName = try? VersionedConfigMap.currentName(base: edge.configMap, inTemplate: replicaSet.template.raw,
                                                                     rollout: consumer.rollout) else {
            return unresolved("template references no version of ConfigMap \(edge.configMap)")
        }
        row.configMap = configMapName
        guard let configMap = snapshot.configMap(namespace, configMapName) else {
            return unresolved("ConfigMap \(namespace)/\(configMapName) not found")
        }
        guard let value = configMap.data[edge.key] else {
            return unresolved("ConfigMap \(configMapName) has no key \(edge.key)")
        }
        row.value = value
        guard let target = ValueTemplate(edge.valueTemplate).target(in: value) else {
            return unresolved("value \"\(value)\" names no Service")
        }
        let targetNamespace = target.namespace ?? namespace
        row.targetService = target.namespace == nil ? target.service : "\(target.service).\(targetNamespace)"
        guard let service = snapshot.service(targetNamespace, target.service) else {
            return unresolved("Service \(targetNamespace)/\(target.service) not found")
        }
        guard let dependency = plan.service(edge.dependency),
              let dependencyRollout = snapshot.rollout(dependency.namespace, dependency.rollout) else {
            return unresolved("Rollout of dependency \(edge.dependency) not found")
        }
        let selector = LabelSelector(matchLabels: service.selector)
        let candidates = snapshot.replicaSets(of: dependencyRollout).filter {
            !service.selector.isEmpty && ($0.namespace ?? "") == targetNamespace && selector.matches($0.template.labels)
        }
        guard !candidates.isEmpty else {
            return unresolved("Service \(target.service) selects no revision of \(dependency.rollout)")
        }
        let reached = candidates.filter(\.hasPods).isEmpty ? [candidates[0]] : candidates.filter(\.hasPods)
        let dependencyRoles = RevisionRole.roles(of: dependencyRollout, replicaSets: snapshot.replicaSets(of: dependencyRollout),
                                                 snapshot: snapshot)
        let expected = RevisionRelease.expected(key: edge.key, configMap: configMap, consumer: replicaSet, service: consumer)
        return reached.map { target in
            var row = row
            row.dependencyRevision = target.name
            row.dependencyVersion = RevisionRelease.version(of: target, service: dependency)
            row.dependencyRole = target.podTemplateHash.flatMap { dependencyRoles[$0] } ?? .draining
            // The exact revision the consumer was paired with is of the expected release by definition.
            let pairedRevision = VersionedConfigMap.pairedRevisions(of: configMap.raw)[edge.key]
            let actual = pairedRevision != nil && pairedRevision == target.podTemplateHash
                ? expected : RevisionRelease.release(of: target, service: dependency, snapshot: snapshot)
            (row.verdict, row.reason) = verdict(role: role, consumer: replicaSet, expected: expected, actual: actual,
                                                target: target, service: service.name)
            return row
        }
    }

    static func verdict(role: RevisionRole, consumer: ReplicaSet, expected: String, actual: String,
                        target: ReplicaSet, service: String) -> (PairingVerdict?, String) {
        guard role.isServing else { return (nil, "draining: serves no Service") }
        if expected != actual {
            return (.mixed, "release \(expected) calls \(service) → revision of release \(actual)")
        }
        let wanted = max(consumer.specReplicas, 1)
        if consumer.readyReplicas < wanted {
            return (.waiting, "consumer pods ready \(consumer.readyReplicas)/\(wanted)")
        }
        if target.readyReplicas == 0 {
            return (.waiting, "no ready pod behind \(service) yet")
        }
        return (.ok, "release \(expected) on both sides")
    }
}
