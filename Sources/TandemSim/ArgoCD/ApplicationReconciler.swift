import Foundation
import TandemKubeModel

/// One pass of Argo CD's application controller over one Application: run a requested sync
/// `operation`, compare the target revision with the live cluster, start an automated sync when
/// `syncPolicy.automated` calls for one, and write `status`.
struct ApplicationReconciler: Sendable {
    let store: ObjectStore
    let namespace: String
    let clock: any SimClock
    let manifests: ManifestCache

    static let refreshAnnotation = "argocd.argoproj.io/refresh"

    func reconcile(_ name: String) async {
        guard let app = try? await store.get(.applications, namespace: namespace, name: name) else { return }
        let spec: ApplicationSpec
        do {
            spec = try ApplicationSpec(app)
        } catch {
            await writeInvalidSpec(name, app, message: error.description)
            return
        }
        if !app["operation"]["sync"].isNull {
            await runOperation(name, spec, operation: app["operation"])
        }
        let compared: ApplicationComparison
        do {
            compared = try await compare(name, spec, revision: spec.targetRevision)
        } catch {
            await writeStatus(name) { status in
                status["sync"] = ["status": "Unknown", "comparedTo": comparedTo(spec, app)]
                status["conditions"] = [condition("ComparisonError", "Failed to load target state: \(error)")]
            }
            return
        }
        var current = compared
        var syncError: String?
        let latest = (try? await store.get(.applications, namespace: namespace, name: name)) ?? app
        switch automatedSyncDecision(spec, latest, compared) {
        case .none: break
        case .blocked(let message): syncError = message
        case .sync(let operation):
            await runOperation(name, spec, operation: operation, alreadyRequested: false)
            if let again = try? await compare(name, spec, revision: spec.targetRevision) { current = again }
        }
        let result = current, blocked = syncError
        await writeStatus(name) { status in
            status["sync"] = ["status": result.synced ? "Synced" : "OutOfSync", "revision": .string(result.revision),
                              "comparedTo": comparedTo(spec, app)]
            status["health"] = ["status": .string(result.health.status.rawValue)]
            status["resources"] = .array(result.resources.map(\.statusJSON))
            status["sourceType"] = .string(result.sourceType)
            status["conditions"] = blocked.map { [condition("SyncError", $0)] } ?? .null
        }
    }

    // MARK: - Comparison

    private func compare(_ name: String, _ spec: ApplicationSpec, revision: String) async throws -> ApplicationComparison {
        let commit = try await GitRevisionSource.resolve(repository: spec.repositoryPath, revision: revision)
        let rendered = try await manifests.rendered(repository: spec.repositoryPath, commit: commit, path: spec.path)
        return await ApplicationComparison.compare(application: name, spec: spec, revision: commit, rendered: rendered, store: store)
    }

    private func comparedTo(_ spec: ApplicationSpec, _ app: JSON) -> JSON {
        ["source": spec.sourceJSON, "destination": app["spec"]["destination"].isNull ? [:] : app["spec"]["destination"]]
    }

    private func condition(_ type: String, _ message: String) -> JSON {
        ["type": .string(type), "message": .string(message), "lastTransitionTime": .string(KubeTime.format(clock.now))]
    }

    // MARK: - Automated sync (appcontroller.go autoSync)

    enum AutoSync { case none, blocked(String), sync(JSON) }

    func automatedSyncDecision(_ spec: ApplicationSpec, _ app: JSON, _ compared: ApplicationComparison) -> AutoSync {
        guard spec.automated, app["operation"].isNull, !compared.synced else { return .none }
        let outOfSync = compared.resources.filter { !$0.inSync }
        if !spec.prune, outOfSync.allSatisfy(\.requiresPruning) { return .none }   // prune-only changes wait for a manual sync
        let state = app["status"]["operationState"]
        let alreadyAttempted = !state["operation"]["sync"].isNull && state["syncResult"]["revision"].stringValue == compared.revision
        if alreadyAttempted {
            let phase = state["phase"].stringValue ?? ""
            if phase != "Succeeded" && phase != "Running" {
                return .blocked("Failed last sync attempt to [\(compared.revision)]: \(state["message"].stringValue ?? "")")
            }
            if !spec.selfHeal { return .none }
        }
        if spec.prune, compared.resources.allSatisfy(\.requiresPruning) {
            return .blocked("Skipping sync attempt to [\(compared.revision)]: auto-sync will wipe out all resources")
        }
        var sync: JSON = ["revision": .string(compared.revision), "prune": .bool(spec.prune)]
        if alreadyAttempted {
            sync["selfHealAttemptsCount"] = .int((state["operation"]["sync"]["selfHealAttemptsCount"].intValue ?? 0) + 1)
        }
        return .sync(["sync": sync, "initiatedBy": ["automated": true], "retry": ["limit": 5]])
    }

    // MARK: - Operations (controller/sync.go SyncAppState)

    /// Runs one sync operation: operationState Running, apply (and prune), then Succeeded, Failed or
    /// Error; `operation` is cleared when it is still the one that ran, as Argo CD does on completion.
    private func runOperation(_ name: String, _ spec: ApplicationSpec, operation: JSON, alreadyRequested: Bool = true) async {
        let startedAt = KubeTime.format(clock.now)
        let sync = operation["sync"]
        let revision = sync["revision"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? spec.targetRevision
        var state: JSON = ["operation": operation, "phase": "Running", "message": "", "startedAt": .string(startedAt)]
        let running = state
        await writeStatus(name) { $0["operationState"] = running }

        do {
            let compared = try await compare(name, spec, revision: revision)
            let outcome = await ApplicationSyncer(store: store).sync(compared, prune: sync["prune"].boolValue ?? false)
            state["syncResult"] = ["revision": .string(compared.revision), "source": spec.sourceJSON, "resources": .array(outcome.resources)]
            if let failure = outcome.failure {
                state["phase"] = "Failed"
                state["message"] = .string("one or more objects failed to apply, reason: \(failure)")
            } else {
                state["phase"] = "Succeeded"
                state["message"] = "successfully synced (all tasks run)"
            }
        } catch {
            // A revision that does not resolve or does not render is an operation Error in Argo CD.
            state["phase"] = "Error"
            state["message"] = .string("ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: \(error)")
        }
        state["finishedAt"] = .string(KubeTime.format(clock.now))
        let finished = state
        let deployedAt = KubeTime.format(clock.now)
        _ = try? await store.modify(.applications, namespace: namespace, name: name) { current throws(APIStatus) in
            var app = current
            if alreadyRequested, app["operation"] == operation { app.removeKey(["operation"]) }
            app[path: ["status", "operationState"]] = finished
            if finished["phase"] == "Succeeded" {
                var history = app["status"]["history"].arrayValue ?? []
                let id = (history.last?["id"].intValue ?? -1) + 1
                history.append(["id": .int(id), "revision": finished["syncResult"]["revision"], "deployedAt": .string(deployedAt),
                                "deployStartedAt": .string(startedAt), "source": spec.sourceJSON,
                                "initiatedBy": operation["initiatedBy"].isNull ? [:] : operation["initiatedBy"]])
                app[path: ["status", "history"]] = .array(Array(history.suffix(10)))
            }
            return app
        }
    }

    // MARK: - Writing status

    /// Changes `status` (and stamps reconciledAt); consumes a refresh request annotation.
    private func writeStatus(_ name: String, _ change: @escaping @Sendable (inout JSON) -> Void) async {
        let reconciledAt = KubeTime.format(clock.now)
        _ = try? await store.modify(.applications, namespace: namespace, name: name) { current throws(APIStatus) in
            var app = current
            var status = app["status"].objectValue == nil ? JSON.emptyObject : app["status"]
            change(&status)
            if status["conditions"].isNull { status.removeKey(["conditions"]) }
            status["reconciledAt"] = .string(reconciledAt)
            status["controllerNamespace"] = .string(namespace)
            app["status"] = status
            app.removeKey(["metadata", "annotations", Self.refreshAnnotation])
            return app
        }
    }

    private func writeInvalidSpec(_ name: String, _ app: JSON, message: String) async {
        let now = KubeTime.format(clock.now)
        let hadOperation = !app["operation"].isNull
        let invalid = condition("InvalidSpecError", message)
        await writeStatus(name) { status in
            status["conditions"] = [invalid]
            status["sync"] = ["status": "Unknown"]
            if hadOperation {
                status["operationState"] = ["operation": app["operation"], "phase": "Error", "message": .string(message),
                                            "startedAt": .string(now), "finishedAt": .string(now)]
            }
        }
        if hadOperation {
            _ = try? await store.modify(.applications, namespace: namespace, name: name) { current throws(APIStatus) in
                var app = current
                app.removeKey(["operation"])
                return app
            }
        }
    }
}
