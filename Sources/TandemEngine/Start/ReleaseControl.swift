import Foundation
import TandemStore
import TandemRelease

/// Requests that act on a recorded release from any process.
public enum ReleaseControl {
    /// Records `release abort`: the driving process (or this one, when none drives it) rolls back.
    public static func requestAbort(_ releaseID: String, reason: String, by: String, store: ReleaseStore) async throws {
        let release = try await store.release(releaseID)
        guard !release.state.isTerminal else {
            throw StoreError.invalidReleaseTransition(releaseID: releaseID, from: release.state, to: .rollingBack)
        }
        try await store.appendEvent(releaseID: releaseID, kind: .releaseAbortRequested, actor: by,
                                    message: "aborted by \(by): \(reason)")
    }

    /// The versions `release rollback <id>` restores: what ran when `releaseID` started (recorded
    /// by `ReleaseStarter` as a `release.previous-versions` event), else — for releases recorded
    /// before that event existed — the versions of the newest succeeded release of the plan before it.
    /// Only a succeeded release that changed something can be rolled back.
    public static func rollbackVersions(of releaseID: String, store: ReleaseStore) async throws -> (ReleaseRecord, [String: String]) {
        let release = try await store.release(releaseID)
        guard release.state == .succeeded else { throw RollbackRefusal.notSucceeded(releaseID: releaseID, state: release.state) }
        let changed = Set(try await store.steps(of: releaseID).filter { $0.kind == .deploy }.compactMap(\.service))
        guard !changed.isEmpty else { throw RollbackRefusal.nothingChanged(releaseID: releaseID) }
        if let recorded = try await PreviousVersions.recorded(for: releaseID, store: store) {
            let versions = recorded.filter { changed.contains($0.key) }
            guard versions.contains(where: { release.versions[$0.key] != $0.value }) else {
                throw RollbackRefusal.nothingChanged(releaseID: releaseID)
            }
            return (release, versions)
        }
        guard let previous = try await store.previousSucceededRelease(before: releaseID) else {
            throw RollbackRefusal.noPreviousVersions(releaseID: releaseID)
        }
        return (release, previous.versions.filter { changed.contains($0.key) })
    }
}

/// Why `release rollback <id>` cannot start a release (exit 2: the request itself is wrong).
public enum RollbackRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case notSucceeded(releaseID: String, state: ReleaseState)
    case nothingChanged(releaseID: String)
    case noPreviousVersions(releaseID: String)

    public var description: String {
        switch self {
        case let .notSucceeded(id, state):
            let what: String = switch state {
            case .rolledBack: "it was already rolled back: the services run what they ran before it"
            case .failed: "its rollback is incomplete: fix the services and run `tandem release abort \(id)` to finish that rollback"
            default: "it has not finished: abort it with `tandem release abort \(id)` instead"
            }
            return "release \(id) is \(state.rawValue), not succeeded; only a succeeded release can be rolled back — \(what)"
        case let .nothingChanged(id):
            return "release \(id) changed nothing (every service already ran its version): there is nothing to roll back"
        case let .noPreviousVersions(id):
            return "the versions that ran before release \(id) are not recorded and no succeeded release of its plan came before it: there are no previous versions to return to; start a release with the versions you want (`tandem release start <plan> --version V`)"
        }
    }
}

/// The tags that ran when a release started, kept in its audit trail.
public enum PreviousVersions {
    /// Appends the event `rollbackVersions` reads.
    public static func record(_ running: [String: String], releaseID: String, store: ReleaseStore) async throws {
        let data = try JSONSerialization.data(withJSONObject: running, options: [.sortedKeys])
        let list = running.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        try await store.appendEvent(releaseID: releaseID, kind: .releasePreviousVersions, message: "running before the release: \(list)",
                                    data: String(decoding: data, as: UTF8.self))
    }

    /// The recorded tags, or nil when the release has no such event.
    public static func recorded(for releaseID: String, store: ReleaseStore) async throws -> [String: String]? {
        var after: Int64 = 0
        while true {
            let page = try await store.events(of: releaseID, after: after, limit: 500)
            if let event = page.first(where: { $0.kind == .releasePreviousVersions }), let text = event.data,
               let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] {
                return object
            }
            guard page.count == 500, let last = page.last?.id else { return nil }
            after = last
        }
    }
}
