import TandemPairing
import TandemPlan

/// Plans the edits of one deploy wave in GitOps mode. Pure: the files are read through `read`
/// (path relative to the work tree root → text, nil when absent), nothing is written.
///
/// For each service of the wave: its kustomization's image entry gets `newTag: <version>`; each
/// of its config edges gets the generator literal pointing at the Service pinned to the
/// dependency's new revision, and that pinned Service is added to the dependency's kustomize
/// directory (so the dependency's Application owns it and it lives in the dependency's namespace).
public struct GitOpsEditPlanner: Sendable {
    /// A dependency's new revision, known once its wave is deployed.
    public struct Pin: Sendable, Hashable {
        public var service: PinnedService
        public init(_ service: PinnedService) { self.service = service }
        /// The port `{port}` renders: the first port of the pinned Service.
        var port: Int? { service.ports.first?["port"].intValue }
        /// The dependency revision (pod-template hash) it selects.
        var revision: String { service.selector[TandemLabels.podTemplateHash] ?? GitOpsEditPlanner.unknownHash }
        /// The Service as committed: with the Argo CD annotations that keep it once git no longer has it.
        var committed: PinnedService {
            var pinned = service
            for (key, value) in GitOpsObjectMetadata.keepAnnotations(existing: { pinned.annotations[$0] }) { pinned.annotations[key] = value }
            return pinned
        }
    }

    public static let kustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
    /// Folder (inside a dependency's manifests directory) that holds the pinned Services tandem commits.
    public static let pinnedFolder = "tandem-pinned"
    /// Stands for a pinned revision's hash in a dry run.
    public static let unknownHash = "<hash>"

    public let plan: ReleasePlan
    public let releaseID: String
    /// New tag per service in the release.
    public let versions: [String: String]

    public init(plan: ReleasePlan, releaseID: String, versions: [String: String]) {
        self.plan = plan
        self.releaseID = releaseID
        self.versions = versions
    }

    /// The change of deploy wave `wave` (1-based) for the released services in `services`.
    /// `pins` holds the pinned Service of each dependency released in an earlier wave; a missing
    /// one (a dry run) is shown with `<hash>` and its ConfigMap name is unknown.
    public func change(
        wave: Int, services: [String], pins: [String: Pin], read: (String) throws -> String?
    ) throws -> GitOpsWaveChange {
        try withoutActuallyEscaping(read) { read in try change(wave: wave, services: services, pins: pins, files: FileSet(read: read)) }
    }

    private func change(wave: Int, services: [String], pins: [String: Pin], files: FileSet) throws -> GitOpsWaveChange {
        var files = files
        var expected: [GitOpsExpectedRender] = []
        var released: [ServiceVersion] = []
        var unknownPins: [String] = []
        for name in services {
            guard let service = plan.service(named: name) else { continue }
            // A consumer that joined the release without a tag of its own (its dependency changed) keeps
            // its image; only its literals are pinned to the dependency's new revision.
            let version = versions[name]
            let joinsForPins = version == nil && service.dependsOn.contains { $0.writesConfig && versions[$0.service] != nil }
            guard version != nil || joinsForPins else { continue }
            released.append(ServiceVersion(service: name, version: version ?? ServiceVersion.keepsItsTag))
            let kustomization = try files.kustomization(of: service)
            var configMaps: [String: String?] = [:]
            if let version {
                try files.edit(kustomization) { try $0.setImageTag(image: service.image, tag: version) }
                try keepConfigurations(ofConsumersOf: service, files: &files)
            }
            for edge in service.dependsOn where edge.writesConfig {
                // A dependency outside the release keeps its revision, and the literal its address.
                guard versions[edge.service] != nil, let dependency = plan.service(named: edge.service) else { continue }
                let pin = pins[edge.service]
                let host = pin?.service.name ?? PinnedService.name(service: edge.service, hash: Self.unknownHash)
                let value = ValueTemplate(edge.value).render(
                    service: host, namespace: dependency.effectiveNamespace(in: plan), port: pin?.port,
                    consumerNamespace: service.effectiveNamespace(in: plan))
                try files.edit(kustomization) { try $0.setLiteral(generator: edge.configMap!, key: edge.key!, value: value) }
                if let pin {
                    var consumers: [String] = []
                    for other in plan.services where other.dependsOn.contains(where: { $0.writesConfig && $0.service == dependency.name }) {
                        consumers.append(try files.kustomization(of: other))
                    }
                    try files.addPinned(pin.committed, to: try files.kustomization(of: dependency), consumers: consumers)
                } else if !unknownPins.contains(edge.service) {
                    unknownPins.append(edge.service)
                }
                configMaps.updateValue(nil, forKey: edge.configMap!)
            }
            for generator in configMaps.keys.sorted() {
                let pinned = service.dependsOn.filter { $0.configMap == generator && $0.writesConfig && versions[$0.service] != nil }
                var paired: [String: String] = [:]
                for edge in pinned { paired[edge.key!] = pins[edge.service]?.revision ?? Self.unknownHash }
                try files.edits(kustomization) { editor in
                    let annotations = try GitOpsObjectMetadata.generatorAnnotations(releaseID: releaseID, paired: paired) {
                        try editor.generatorAnnotation(generator: generator, key: $0)
                    }
                    return try editor.setGeneratorOptions(
                        generator: generator, labels: GitOpsObjectMetadata.generatorLabels(plan: plan.name, service: name, releaseID: releaseID),
                        annotations: annotations)
                }
                guard pinned.allSatisfy({ pins[$0.service] != nil }) else { continue }
                let data = try files.generatorData(generator, in: kustomization)
                configMaps[generator] = "\(generator)-\(KustomizeHash.configMapSuffix(data: data))"
            }
            expected.append(GitOpsExpectedRender(service: name, rollout: service.rollout,
                                                 image: version.map { "\(service.image):\($0)" }, configMaps: configMaps))
        }
        return GitOpsWaveChange(wave: wave, versions: released, files: files.changes, expected: expected,
                                message: Self.message(plan: plan.name, releaseID: releaseID, wave: wave, versions: released),
                                unknownPins: unknownPins)
    }

    /// The wave of `dependency`'s new tag also gives the generator of each consumer that will be pinned to
    /// it (in a later wave) Argo CD's keep annotations and tandem's ownership labels: they do not change
    /// the ConfigMap's name, so Argo CD only annotates the ConfigMap the consumer's running revision
    /// reads, keeps it when the consumer's wave renders a new one, and `collect-garbage` deletes it
    /// once no revision uses it.
    private func keepConfigurations(ofConsumersOf dependency: ServiceSpec, files: inout FileSet) throws {
        for consumer in plan.services {
            for edge in consumer.dependsOn where edge.writesConfig && edge.service == dependency.name {
                let kustomization = try files.kustomization(of: consumer)
                try files.edits(kustomization) { editor in
                    let annotations = try GitOpsObjectMetadata.keepAnnotations { try editor.generatorAnnotation(generator: edge.configMap!, key: $0) }
                    return try editor.setGeneratorOptions(generator: edge.configMap!, labels: GitOpsObjectMetadata.keepLabels(plan: plan.name),
                                                          annotations: annotations)
                }
            }
        }
    }

    /// `service`'s kustomize directory, relative to the repo folder (`manifests`, else the service's name).
    static func directory(of service: ServiceSpec) -> String {
        RepoPath.normalized(service.manifests ?? service.name)
    }

    /// The paths its kustomization file may have, in kustomize's order of preference.
    static func kustomizationCandidates(of service: ServiceSpec) -> [String] {
        let directory = directory(of: service)
        return kustomizationNames.map { directory.isEmpty ? $0 : directory + "/" + $0 }
    }

    /// `service`'s kustomization file (path relative to the repo folder) and its text; nil when its directory has none.
    static func kustomization(of service: ServiceSpec, read: (String) throws -> String?) rethrows -> (path: String, text: String)? {
        for path in kustomizationCandidates(of: service) {
            if let text = try read(path) { return (path, text) }
        }
        return nil
    }

    /// `tandem: <plan> release <id> wave <n>: backend 2.0, frontend 2.0`, then the details.
    /// A consumer that keeps its tag shows as `frontend (re-pinned)` and on a `Re-pinned:` line.
    static func message(plan: String, releaseID: String, wave: Int, versions: [ServiceVersion]) -> String {
        let list = versions.map { "\($0.service) \($0.version)" }.joined(separator: ", ")
        let tagged = versions.filter { $0.version != ServiceVersion.keepsItsTag }
        let repinned = versions.filter { $0.version == ServiceVersion.keepsItsTag }
        var text = """
        tandem: \(plan) release \(releaseID) wave \(wave): \(list)

        Plan: \(plan)
        Release: \(releaseID)
        Wave: \(wave)
        """
        if !tagged.isEmpty { text += "\nServices: " + tagged.map { "\($0.service)=\($0.version)" }.joined(separator: " ") }
        if !repinned.isEmpty { text += "\nRe-pinned: " + repinned.map(\.service).joined(separator: " ") }
        return text
    }
}

/// The files a wave touches, each read once and edited in memory.
private struct FileSet {
    let read: (String) throws -> String?
    private var editors: [String: KustomizationEditor] = [:]
    private var originals: [String: String?] = [:]
    private var edits: [String: [KustomizationEdit]] = [:]
    private var created: [String: String] = [:]
    /// Files the wave deletes, with their text before.
    private var removed: [String: String] = [:]
    private var order: [String] = []

    init(read: @escaping (String) throws -> String?) { self.read = read }

    /// The path of `service`'s kustomization file.
    mutating func kustomization(of service: ServiceSpec) throws -> String {
        for path in GitOpsEditPlanner.kustomizationCandidates(of: service) where editors[path] != nil { return path }
        guard let (path, text) = try GitOpsEditPlanner.kustomization(of: service, read: read) else {
            throw GitOpsEditError.noKustomization(service: service.name, directory: GitOpsEditPlanner.directory(of: service))
        }
        editors[path] = KustomizationEditor(text: text, file: path)
        originals[path] = text
        return path
    }

    func generatorData(_ generator: String, in path: String) throws -> [String: String] {
        do {
            return try editors[path]!.generatorData(generator)
        } catch let error as KustomizationEditError {
            throw GitOpsEditError.edit(error)
        }
    }

    mutating func edit(_ path: String, _ change: (inout KustomizationEditor) throws -> KustomizationEdit?) throws {
        try edits(path) { try change(&$0).map { [$0] } ?? [] }
    }

    mutating func edits(_ path: String, _ change: (inout KustomizationEditor) throws -> [KustomizationEdit]) throws {
        do {
            let made = try change(&editors[path]!)
            if !made.isEmpty {
                if !order.contains(path) { order.append(path) }
                edits[path, default: []] += made
            }
        } catch let error as KustomizationEditError {
            throw GitOpsEditError.edit(error)
        }
    }

    /// Writes the pinned Service's manifest beside `kustomization` (the dependency's) and lists it in its
    /// resources; then takes out of git each earlier pinned Service there that no consumer's kustomization
    /// (`consumers`, as edited so far) names any more: its entry and its file. Argo CD keeps the live
    /// Service (`Prune=false`) for the revisions that still call it; `collect-garbage` deletes it later.
    mutating func addPinned(_ service: PinnedService, to kustomization: String, consumers: [String]) throws {
        let relative = Self.pinnedPath(service.name)
        let path = sibling(relative, of: kustomization)
        let text = ManifestYAML.render(service.object)
        if created[path] == nil, try read(path) != text {
            created[path] = text
            order.append(path)
        }
        try edit(kustomization) { try $0.addResource(relative) }
        let texts = consumers.compactMap { editors[$0]?.text }
        for entry in try resources(of: kustomization) where entry != relative {
            guard let name = Self.pinnedName(entry), !texts.contains(where: { GarbageCollectionPlan.names(name, in: $0) }) else { continue }
            try edit(kustomization) { try $0.removeResource(entry) }
            let file = sibling(entry, of: kustomization)
            if let old = try read(file) {
                removed[file] = old
                order.append(file)
            }
        }
    }

    private func resources(of kustomization: String) throws -> [String] {
        do {
            return try editors[kustomization]!.resources()
        } catch let error as KustomizationEditError {
            throw GitOpsEditError.edit(error)
        }
    }

    /// `tandem-pinned/<name>.yaml`.
    static func pinnedPath(_ name: String) -> String { GitOpsEditPlanner.pinnedFolder + "/" + name + ".yaml" }

    /// The pinned Service a resources entry is, when it is one of tandem's.
    static func pinnedName(_ entry: String) -> String? {
        let prefix = GitOpsEditPlanner.pinnedFolder + "/"
        guard entry.hasPrefix(prefix), entry.hasSuffix(".yaml") else { return nil }
        let name = entry.dropFirst(prefix.count).dropLast(".yaml".count)
        return name.isEmpty || name.contains("/") ? nil : String(name)
    }

    /// `relative` in the folder of the file `beside`.
    private func sibling(_ relative: String, of beside: String) -> String {
        let directory = beside.split(separator: "/").dropLast().joined(separator: "/")
        return directory.isEmpty ? relative : directory + "/" + relative
    }

    var changes: [GitOpsFileChange] {
        order.compactMap { path in
            if let text = created[path] { return GitOpsFileChange(path: path, old: nil, new: text, edits: []) }
            if let text = removed[path] { return GitOpsFileChange(path: path, old: text, new: nil, edits: []) }
            guard let editor = editors[path], let original = originals[path], editor.text != original else { return nil }
            return GitOpsFileChange(path: path, old: original, new: editor.text, edits: edits[path] ?? [])
        }
    }
}
