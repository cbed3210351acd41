import TandemPairing
import TandemPlan

/// The preflight's look at the manifests: every edit a release will make is tried on a copy of
/// each kustomization, with the editor and the lookups the edit planner itself uses, so what the
/// preflight accepts the release can edit. Pure: files come from `read`, nothing is written.
enum GitOpsManifestCheck {
    /// - Parameters:
    ///   - versions: service → new tag; only these services are released (and edited).
    ///   - read: path relative to the repo folder → text, nil when absent.
    ///   - display: path relative to the repo folder → the path messages show.
    /// - Returns: every problem, in plan order; each names the file (and line) and the fix.
    static func problems(plan: ReleasePlan, versions: [String: String], read: (String) -> String?,
                         display: (String) -> String) -> [GitOpsPreflightProblem] {
        var problems: [GitOpsPreflightProblem] = []
        var editors: [String: KustomizationEditor] = [:]
        let released = plan.services.filter { versions[$0.name] != nil }
        for service in released {
            guard let file = GitOpsEditPlanner.kustomization(of: service, read: read) else {
                let directory = GitOpsEditPlanner.directory(of: service)
                problems.append(GitOpsPreflightProblem(.plan, GitOpsEditError.noKustomization(
                    service: service.name, directory: display(directory)).description))
                continue
            }
            editors[service.name] = KustomizationEditor(text: file.text, file: display(file.path))
        }
        /// Tries `edit` on a copy of the service's kustomization; a failure is a problem, and returned.
        @discardableResult
        func attempt(_ service: String, _ edit: (inout KustomizationEditor) throws -> Void) -> (any Error)? {
            guard var editor = editors[service] else { return nil }
            do { try edit(&editor) } catch {
                let problem = GitOpsPreflightProblem(.plan, "\(error)")
                if !problems.contains(problem) { problems.append(problem) }  // two keys of one missing generator: once
                return error
            }
            return nil
        }
        for service in released {
            attempt(service.name) { try $0.setImageTag(image: service.image, tag: versions[service.name]!) }
            var generators: Set<String> = []
            for edge in service.dependsOn where edge.writesConfig && versions[edge.service] != nil {
                guard let generator = edge.configMap, let key = edge.key, plan.service(named: edge.service) != nil else { continue }
                let literal = attempt(service.name) { try $0.setLiteral(generator: generator, key: key, value: "tandem-preflight") }
                // The hash tandem computes for the ConfigMap's name: only from a generator it can read whole.
                if case .noGenerator? = literal as? KustomizationEditError { continue }
                if generators.insert(generator).inserted {
                    attempt(service.name) { _ = try $0.generatorData(generator) }
                    // tandem's labels and annotations go into the generator's options: they must be editable in place.
                    attempt(service.name) { editor in
                        let annotations = try GitOpsObjectMetadata.keepAnnotations { try editor.generatorAnnotation(generator: generator, key: $0) }
                        try editor.setGeneratorOptions(generator: generator, labels: GitOpsObjectMetadata.keepLabels(plan: plan.name),
                                                       annotations: annotations)
                    }
                }
            }
        }
        // Each dependency whose consumer is released gets the pinned Service in its resources.
        let pinned = Set(released.flatMap { service in
            service.dependsOn.filter { $0.writesConfig && versions[$0.service] != nil }.map(\.service)
        })
        for name in plan.services.map(\.name) where pinned.contains(name) {
            attempt(name) { try $0.addResource(GitOpsEditPlanner.pinnedFolder + "/\(name)-preflight.yaml") }
        }
        return problems
    }
}
