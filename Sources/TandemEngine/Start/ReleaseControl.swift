import TandemStore

/// Requests that act on a recorded release from any process.
public enum ReleaseControl {
    /// Records `release abort`: the driving process (or this one, when none drives it) rolls back.
    public static func requestAbort(_ releaseID: String, reason: String, by: String, store: ReleaseStore) async throws {
        let release = try await store.release(releaseID)
        guard !release.state.isTerminal else {
            throw StoreError.invalidReleaseTransition(releaseID: releaseID, from: release.state, to: .rollingBack)
        }
        try await store.appendEvent(releaseID: releaseID, kind: ReleaseLoader.abortRequested, actor: by,
                                    message: "aborted by \(by): \(reason)")
    }

    /// The versions `release rollback <id>` restores: those of the newest succeeded release of the
    /// plan before `releaseID`, for the services `releaseID` changed.
    public static func rollbackVersions(of releaseID: String, store: ReleaseStore) async throws -> (ReleaseRecord, [String: String])? {
        let release = try await store.release(releaseID)
        guard let previous = try await store.previousSucceededRelease(before: releaseID) else { return nil }
        return (release, previous.versions)
    }
}
