import Foundation
import TandemTestSupport
import Synchronization
import TandemStore
import TandemRelease

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_300_000)) { time = Mutex(start) }  // 2026-11-22T…Z
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { [self] in self.now } }
}

enum Fixture {
    /// The stored plan text: plans/loan-app.yaml as a user would submit it.
    static let planContent: String = {
        do { return try ExamplePlans.text("loan-app.yaml") } catch { fatalError("\(error)") }
    }()

    static func plan(hash: String = "sha256:aaaa1111", name: String = "loan-app", namespace: String = "legacy") -> PlanSnapshot {
        PlanSnapshot(name: name, namespace: namespace, content: planContent, hash: hash,
                     path: "plans/loan-app.yaml", commit: "0123abcd")
    }

    /// The lockstep program of a two-service plan with checkpoints qa and promote.
    static func release(startedBy: String = "ci-bot", hash: String = "sha256:aaaa1111", name: String = "loan-app",
                        qa: ApprovalPolicy = ApprovalPolicy(),
                        promote: ApprovalPolicy = ApprovalPolicy(requiredApprovals: 2, approvers: ["alice", "group:qa"]),
                        lockKeys: [String] = ["rollout/legacy/my-backend", "rollout/legacy/my-frontend"])
        -> NewRelease
    {
        NewRelease(
            plan: plan(hash: hash, name: name),
            versions: ["backend": "v2", "frontend": "v2"],
            startedBy: startedBy, startedBySource: "flag:--by",
            steps: [
                PlannedStep(kind: .deploy, service: "backend", wave: 0),
                PlannedStep(kind: .deploy, service: "frontend", wave: 1, detail: #"{"configMap":"my-frontend-settings-abc"}"#),
                PlannedStep(kind: .checkpoint, checkpoint: "qa"),
                PlannedStep(kind: .verify, wave: nil),
                PlannedStep(kind: .checkpoint, checkpoint: "promote"),
                PlannedStep(kind: .promote, service: "frontend", wave: 0),
                PlannedStep(kind: .promote, service: "backend", wave: 1),
                PlannedStep(kind: .collectGarbage),
            ],
            checkpoints: [PlannedCheckpoint(name: "qa", policy: qa), PlannedCheckpoint(name: "promote", policy: promote)],
            lockKeys: lockKeys)
    }

    static let groups = ["qa": ["carol", "dave"]]

    static func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("state.db").path
    }
}

/// The StoreError a throwing call produced (nil when it did not throw one).
func storeError(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}
