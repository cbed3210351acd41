import Foundation
import Logging
import TandemEngine
import TandemKube
import TandemNotify
import TandemPlan
import TandemStore

/// Drives releases inside `tandem serve`: releases submitted with `POST /api/releases` (marked
/// server-driven in the store) run in background tasks; when one waits at a checkpoint that people then
/// approve or reject (browser, API, or `tandem approve` on the same database), the host resumes it —
/// continuing or rolling back — without a CI job. On start it resumes server-driven releases a previous
/// server left `running` or `rolling-back` (the engine's locks make a double drive impossible).
public actor ReleaseHost {
    public nonisolated let client: KubeClient
    public nonisolated let store: ReleaseStore
    /// The kubeconfig context `client` reaches (nil: unknown, e.g. in a pod or the embedded `--sim` cluster). A release
    /// to an environment that names another context is refused: this server would release it to the wrong cluster.
    public nonisolated let context: String?
    /// The webhooks to notify (read when a drive ends, so settings saved after start apply).
    public nonisolated let notifier: @Sendable () -> ReleaseNotifier?
    public nonisolated let engine: EngineOptions
    /// How often the store is polled for decided checkpoints.
    public nonisolated let poll: Duration
    /// After a drive that threw (cluster unreachable, lock held by a CLI resume), when to try again.
    public nonisolated let retryAfter: Duration
    nonisolated let logger: Logger
    /// Where submitted plans are parsed: off this actor and off the cooperative pool, bounded.
    public nonisolated let plans: PlanParseGate
    /// Beaten by `run`'s loop; `/healthz` answers 503 when it falls silent.
    public nonisolated let heartbeat: HostHeartbeat

    private var driving: [String: Task<Void, Never>] = [:]
    private var retryAt: [String: ContinuousClock.Instant] = [:]

    public init(client: KubeClient, store: ReleaseStore, notifier: @escaping @Sendable () -> ReleaseNotifier?, engine: EngineOptions = .fromEnvironment(),
                poll: Duration = .seconds(1), retryAfter: Duration = .seconds(30), logger: Logger = Logger(label: "tandem.serve.engine"),
                plans: PlanParseGate = PlanParseGate(), heartbeat: HostHeartbeat? = nil, context: String? = nil) {
        self.client = client
        self.context = context
        self.store = store
        self.notifier = notifier
        self.engine = engine
        self.poll = poll
        self.retryAfter = retryAfter
        self.logger = logger
        self.plans = plans
        self.heartbeat = heartbeat ?? HostHeartbeat(bound: max(.seconds(30), poll * 10))
    }

    /// Records a release submitted by `user` and starts driving it. Throws `SubmissionError` or
    /// `PlanParseGate.Refusal`. Nonisolated: nothing here holds the actor, so a slow submission never
    /// delays another one or the polling loop; only the final hand-over to `drive` is isolated.
    public nonisolated func submit(_ submission: ReleaseSubmission, by user: String, source: String = "server-token") async throws -> ReleaseRecord {
        let request = try await plans.request(try await PromotionSubmission.filled(submission, store: store), startedBy: user, source: source)
        if let name = request.environment, let wanted = otherContext(of: request.plan, environment: name) {
            throw SubmissionError.otherCluster("environment \(name) is released to kubeconfig context \(wanted), and this server drives "
                + (context.map { "context \($0)" } ?? "a cluster it knows by no context name")
                + ": submit it to the server of context \(wanted) (one `tandem serve --context \(wanted)` per cluster)")
        }
        let release: ReleaseRecord
        do {
            (release, _) = try await ReleaseStarter.start(request, client: client, store: store, options: engine)
        } catch let error as LockHeldError {
            throw SubmissionError.lockHeld(holder: error.holder, message: error.description)
        } catch StoreError.lockHeld(let key, let holder) {
            throw SubmissionError.lockHeld(holder: holder.releaseID, message: "\(StoreError.lockHeld(key: key, holder: holder))")
        } catch let refusal as CanaryPreflightError {
            throw SubmissionError.invalidPlan([refusal.description])
        } catch let refusal as EnvironmentError {
            throw SubmissionError.invalidVersions(refusal.description)
        } catch let problems as GitOpsPreflightError {
            throw SubmissionError.gitopsPreflight(problems)
        } catch let refusal as DirectModeGuard.Refusal {
            throw SubmissionError.argoCDManaged(refusal)
        } catch let error as KubeError {
            throw SubmissionError.clusterRefused(error.description)
        }
        let marked = try await store.setReleaseDriver(release.id, to: ReleaseDriverKind.server, actor: user)
        await drive(release.id)
        return marked
    }

    /// Whether the host drives `releaseID` right now.
    public func isDriving(_ releaseID: String) -> Bool { driving[releaseID] != nil }

    /// Resumes what a previous server left running, then polls for decided checkpoints until cancelled.
    public func run() async {
        heartbeat.beat()
        await recover()
        while !Task.isCancelled {
            await pollOnce()
            heartbeat.beat()
            try? await Task.sleep(for: poll)
        }
        for task in driving.values { task.cancel() }
        await idle()
    }

    /// Crash recovery: drives every server-driven release left `running` or `rolling-back`.
    public func recover() async {
        do {
            for release in try await store.releases(driver: ReleaseDriverKind.server, states: [.running, .rollingBack]) {
                logger.info("resuming \(release.id) (\(release.state.rawValue)) left by a previous server")
                drive(release.id)
            }
        } catch {
            logger.error("cannot list server-driven releases to resume: \(error)")
        }
    }

    /// One look at the store: drives each server-driven release whose checkpoint was decided, and each
    /// whose last drive failed once its retry time has come.
    public func pollOnce() async {
        do {
            for release in try await store.decidedServerReleases() where driving[release.id] == nil {
                if let at = retryAt[release.id], ContinuousClock.now < at { continue }
                drive(release.id)
            }
            for (id, at) in retryAt where ContinuousClock.now >= at && driving[id] == nil {
                let state = try await store.release(id).state
                if state == .running || state == .rollingBack { drive(id) } else if state != .waiting { retryAt[id] = nil }
            }
        } catch {
            logger.error("cannot poll the store for decided checkpoints: \(error)")
        }
    }

    /// Waits until no release is being driven (tests; shutdown).
    public func idle() async {
        while let task = driving.values.first {
            await task.value
        }
    }

    /// The kubeconfig context an environment of `plan` is released to, when it is not the one this host drives.
    nonisolated func otherContext(of plan: ReleasePlan, environment: String?) -> String? {
        guard let name = environment, let wanted = plan.environment(named: name)?.context, wanted != context else { return nil }
        return wanted
    }

    private func drive(_ releaseID: String) {
        guard driving[releaseID] == nil else { return }
        retryAt[releaseID] = nil
        let task = Task.detached { [client, store, engine, notifier, logger] in
            var failed = false
            do {
                let release = try await store.release(releaseID)
                let context = try await ReleaseStarter.context(for: release, client: client, store: store, options: engine)
                // A database shared by the servers of several clusters: another server drives this one.
                if let wanted = self.otherContext(of: context.plan, environment: release.environment) {
                    logger.debug("release \(releaseID) is released to context \(wanted): left to that cluster's server")
                    await context.cache.stop()
                    await self.finished(releaseID, failed: false)
                    return
                }
                let outcome = try await ReleaseRunner(context: context).drive(wait: false, timeout: nil)
                // The drive is over either way: a store that cannot be read for the summary is logged, not retried.
                do {
                    let summary = try await ReleaseSummary.load(outcome, releaseID: releaseID, store: store)
                    logger.info("\(summary.headline)")
                    try await notifier()?.notify(outcome, summary: summary)
                } catch {
                    logger.error("release \(releaseID): cannot summarise its outcome or enqueue its notification: \(error)")
                }
            } catch is CancellationError {
            } catch let blocked as ReleaseBlocked {
                // A step said it cannot go on until someone acts (a GitOps push conflict): nothing of it took
                // effect, the step is pending with its message (event step.blocked). Driving it again changes
                // nothing, so the release is left as it is until `tandem release resume` or `abort`.
                logger.warning("release \(releaseID) is blocked and left as it is: \(blocked.reason)")
            } catch {
                failed = true
                logger.error("release \(releaseID): the server's drive stopped: \(error); retrying in a while (or run `tandem release resume \(releaseID)`)")
                _ = try? await store.appendEvent(releaseID: releaseID, kind: .serverDriveFailed, actor: "tandem serve",
                                                 message: "tandem serve could not drive the release: \(error); it retries")
            }
            await self.finished(releaseID, failed: failed)
        }
        driving[releaseID] = task
    }

    private func finished(_ releaseID: String, failed: Bool) {
        driving[releaseID] = nil
        if failed { retryAt[releaseID] = ContinuousClock.now + retryAfter }
    }
}
