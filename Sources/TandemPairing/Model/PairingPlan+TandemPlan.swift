import TandemPlan

/// The one place where the loaded release plan is mapped onto pairing's own terms.
extension PairingPlan {
    public init(_ plan: ReleasePlan) {
        let services = plan.services.map { service in
            PairingService(name: service.name, rollout: service.rollout, namespace: service.effectiveNamespace(in: plan),
                           container: service.container, image: service.image)
        }
        let edges = plan.services.flatMap { service in
            service.dependsOn.compactMap { dependency -> PairingEdge? in
                guard let configMap = dependency.configMap, let key = dependency.key else { return nil }
                return PairingEdge(consumer: service.name, dependency: dependency.service, configMap: configMap, key: key,
                                   valueTemplate: dependency.value)
            }
        }
        let mode: PairingMode = plan.pairing == .preview ? .preview : .revision
        self.init(name: plan.name, mode: mode, services: services, edges: edges)
    }
}
