import TandemPairing

/// Why a wave's edits cannot be planned; each names the file and what to change.
public enum GitOpsEditError: Error, Sendable, Hashable, CustomStringConvertible {
    case noKustomization(service: String, directory: String)
    case edit(KustomizationEditError)

    public var description: String {
        switch self {
        case let .noKustomization(service, directory):
            return "\(directory): no kustomization.yaml (or kustomization.yml, Kustomization) for service \(service); give the service's kustomize directory in \"manifests\""
        case let .edit(error):
            return error.description
        }
    }
}
