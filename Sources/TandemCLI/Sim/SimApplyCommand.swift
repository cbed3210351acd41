import ArgumentParser
import Foundation
import TandemKube
import TandemKubeModel

/// `tandem sim apply -f FILE|DIR` — create or update objects from manifests.
struct SimApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or update the objects of YAML manifests in a (simulated) cluster.",
        discussion: """
        Reads every document of FILE, or of every .yaml/.yml/.json file in DIR, and creates each object \
        or replaces its spec (status and server-set fields are kept). Kinds: Rollout, ReplicaSet, Pod, \
        Service, ConfigMap, Lease, Namespace, Event, Deployment. Objects without a namespace go to --namespace \
        or the context's namespace. Nothing is applied if any document has an unknown kind.

        Example:
          tandem sim apply --sim -f examples/codefresh-multi-service/manifests/
          tandem sim apply --kubeconfig .tandem/sim.kubeconfig -f rollout.yaml
        """)

    @Option(name: [.customShort("f"), .customLong("filename")], help: "Manifest file or directory.")
    var files: [String]

    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("pass at least one -f FILE|DIR") }
    }

    func run() async throws {
        var objects: [(source: String, object: JSON)] = []
        do {
            for path in files { objects += try ManifestApplier.loadObjects(path: path) }
        } catch {
            FileHandle.standardError.write(Data("tandem sim apply: \(error.description)\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
        try await cluster.withClient { client in
            let applier = ManifestApplier(client: client)
            do {
                for (source, object) in objects { _ = try applier.resourceType(of: object, source: source) }
            } catch {
                FileHandle.standardError.write(Data("tandem sim apply: \(error)\n".utf8))
                throw ReportedFailure(.invalidInput)
            }
            for result in try await applier.apply(objects) {
                print(result.description)
            }
        }
    }
}
