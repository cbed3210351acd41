import Foundation
import TandemKubeModel

/// The parts of an Application's `spec` the emulated controller acts on
/// (field names as in Argo CD's pkg/apis/application/v1alpha1/types.go).
struct ApplicationSpec: Sendable, Equatable {
    /// `spec.source.repoURL` as written.
    let repoURL: String
    /// The repository on disk: `repoURL` itself, or the path of a `file://` URL.
    let repositoryPath: String
    /// `spec.source.path`, "" or "." = the repository root.
    let path: String
    /// `spec.source.targetRevision`, default HEAD.
    let targetRevision: String
    /// `spec.destination.namespace`: where namespaced objects without a namespace go.
    let destinationNamespace: String?
    let automated: Bool
    let prune: Bool
    let selfHeal: Bool

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(_ application: JSON) throws(Invalid) {
        let spec = application["spec"]
        if spec["sources"].arrayValue?.isEmpty == false {
            throw Invalid(description: "spec.sources (multiple sources) is not emulated by tandem sim; use spec.source")
        }
        let source = spec["source"]
        guard let repoURL = source["repoURL"].stringValue, !repoURL.isEmpty else {
            throw Invalid(description: "spec.source.repoURL is required")
        }
        if !source["helm"].isNull || source["chart"].stringValue != nil {
            throw Invalid(description: "Helm sources are not emulated by tandem sim; use a kustomize directory")
        }
        self.repoURL = repoURL
        if repoURL.hasPrefix("file://") {
            repositoryPath = URL(string: repoURL)?.path ?? String(repoURL.dropFirst("file://".count))
        } else if repoURL.hasPrefix("/") {
            repositoryPath = repoURL
        } else {
            throw Invalid(description: "spec.source.repoURL \"\(repoURL)\" is not a local path or file:// URL; tandem sim reads local git repositories only")
        }
        path = source["path"].stringValue ?? ""
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw Invalid(description: "spec.source.path \"\(path)\" must be relative to the repository root and stay inside it")
        }
        let revision = source["targetRevision"].stringValue ?? ""
        targetRevision = revision.isEmpty ? "HEAD" : revision
        destinationNamespace = spec["destination"]["namespace"].stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let automatedPolicy = spec["syncPolicy"]["automated"]
        // `automated: {}` turns automation on; Argo CD 3 also has `automated.enabled: false`.
        automated = automatedPolicy.objectValue != nil && automatedPolicy["enabled"].boolValue != false
        prune = automatedPolicy["prune"].boolValue ?? false
        selfHeal = automatedPolicy["selfHeal"].boolValue ?? false
    }

    /// `status.sync.comparedTo.source` / `syncResult.source`: the source as Argo CD echoes it.
    var sourceJSON: JSON {
        var source: JSON = ["repoURL": .string(repoURL), "targetRevision": .string(targetRevision)]
        if !path.isEmpty { source["path"] = .string(path) }
        return source
    }
}
