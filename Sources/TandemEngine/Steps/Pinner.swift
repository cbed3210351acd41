import TandemKubeModel
import TandemRelease

/// `pin` (lockstep, `pairing: revision`): creates the Service that selects exactly this
/// service's new revision, for its consumers. Finds it when it already exists.
struct Pinner: StepRunner {
    static let kind = StepKind.pin

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let name = try step.requireService()
        let target = try await context.executor.pinNewRevision(dependency: name)
        try await context.store.appendEvent(releaseID: context.releaseID, kind: .pairingPinned, service: name, step: step.ordinal,
                                            message: "pinned Service \(target.namespace)/\(target.service) selects the new revision of \(name)")
        return ["service": .string(target.service), "namespace": .string(target.namespace), "release": .string(target.release)]
    }
}
