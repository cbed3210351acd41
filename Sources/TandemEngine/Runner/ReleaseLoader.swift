import TandemRelease
import TandemStore

/// Reads what the machine needs from the store. Remembers how far it has read the (append-only)
/// event log, so looking for an abort request costs only the events since the last look.
/// The store's rows stop here: the engine gets the release's `ReleaseStep`s, never a `StepRecord`.
final class ReleaseLoader {

    let store: ReleaseStore
    let releaseID: String
    private var eventsReadUpTo: Int64 = 0
    private var abortRequest: String?

    init(store: ReleaseStore, releaseID: String) {
        self.store = store
        self.releaseID = releaseID
    }

    /// The machine's snapshot and the steps as stored. The runner marks running steps in its copy of the
    /// snapshot's steps, so the stored states travel apart from it (a rollback skips only steps still pending).
    func snapshot() async throws -> (ReleaseSnapshot, [ReleaseStep]) {
        let release = try await store.release(releaseID)
        let steps = try await store.steps(of: releaseID).map(\.releaseStep)
        let checkpoints = try await store.checkpoints(of: releaseID)
        let snapshot = ReleaseSnapshot(
            state: release.state,
            steps: steps,
            checkpoints: Dictionary(checkpoints.map { ($0.name, $0.state) }, uniquingKeysWith: { a, _ in a }),
            abortReason: try await abortReason(),
            message: release.message)
        return (snapshot, steps)
    }

    /// The reason of the first `release abort` request, if any.
    func abortReason() async throws -> String? {
        while abortRequest == nil {
            let page = try await store.events(of: releaseID, after: eventsReadUpTo, limit: 1000)
            if let found = page.first(where: { $0.kind == .releaseAbortRequested }) { abortRequest = found.message }
            guard let last = page.last?.id else { break }
            eventsReadUpTo = last
            if page.count < 1000 { break }
        }
        return abortRequest
    }
}
