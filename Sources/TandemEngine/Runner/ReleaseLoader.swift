import TandemStore

/// Reads what the machine needs from the store. Remembers how far it has read the (append-only)
/// event log, so looking for an abort request costs only the events since the last look.
final class ReleaseLoader {

    let store: ReleaseStore
    let releaseID: String
    private var eventsReadUpTo: Int64 = 0
    private var abortRequest: String?

    init(store: ReleaseStore, releaseID: String) {
        self.store = store
        self.releaseID = releaseID
    }

    func snapshot() async throws -> (ReleaseSnapshot, [StepRecord], ReleaseRecord) {
        let release = try await store.release(releaseID)
        let steps = try await store.steps(of: releaseID)
        let checkpoints = try await store.checkpoints(of: releaseID)
        let snapshot = ReleaseSnapshot(
            state: release.state,
            steps: steps.map(\.releaseStep),
            checkpoints: Dictionary(checkpoints.map { ($0.name, $0.state) }, uniquingKeysWith: { a, _ in a }),
            abortReason: try await abortReason(),
            message: release.message)
        return (snapshot, steps, release)
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
