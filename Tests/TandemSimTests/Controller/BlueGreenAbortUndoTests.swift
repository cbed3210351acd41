import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Blue/green abort, retry, undo, promote-full")
struct BlueGreenAbortUndoTests {
    @Test("abort puts active back on stable, keeps preview, is Degraded with the exact message, scales the new RS down after 30 s")
    func abort() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(replicas: 2)
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 2")
        #expect(status["abort"].boolValue == true)
        #expect(status["abortedAt"].stringValue != nil)
        #expect(status["pauseConditions"].isNull)
        #expect(status["controllerPause"].isNull)
        #expect(status.condition("Progressing")?["status"].stringValue == "False")
        #expect(status.condition("Progressing")?["reason"].stringValue == "RolloutAborted")
        #expect(try await f.serviceHash("web-active") == v1)
        #expect(try await f.serviceHash("web-preview") == v2)
        let newRS = try await f.replicaSet(hash: v2)
        #expect(newRS.annotations["scale-down-deadline"] != nil)
        await f.advance(seconds: 31)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 0)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 2)
        #expect(try await f.status().phase == "Degraded")
    }

    @Test("abortScaleDownDelaySeconds 0 never scales the aborted RS down")
    func abortNeverScalesDown() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(blueGreen: ["autoPromotionEnabled": false, "abortScaleDownDelaySeconds": 0])
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        await f.advance(seconds: 600)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 1)
        #expect(try await f.replicaSet(hash: v2).annotations["scale-down-deadline"] == nil)
    }

    @Test("retry after abort gives RolloutRetry, scales the new RS up again and pauses again")
    func retry() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        await f.advance(seconds: 31)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 0)

        try await f.patch(["status": ["abort": false]], status: true)
        await f.settle()
        var status = try await f.status()
        #expect(status["abort"].isNull)
        #expect(status["abortedAt"].isNull)
        #expect(status.phase != "Degraded")
        let rs = try await f.replicaSet(hash: v2)
        #expect(rs[path: ["spec", "replicas"]].intValue == 1)
        #expect(rs.annotations["scale-down-deadline"] == nil)
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(status.message == "BlueGreenPause")
        #expect(try await f.serviceHash("web-active") == v1)
    }

    @Test("abort of a fully promoted rollout is dropped")
    func abortWhenPromotedIsNoop() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen()
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        let status = try await f.status()
        #expect(status["abort"].isNull)
        #expect(status.phase == "Healthy")
    }

    @Test("undo to the stable revision while paused is fast-tracked: no pause, revision bumped with history")
    func undoToStable() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.setImage("shop/web:1.0")
        await f.settle()
        let status = try await f.status()
        #expect(status["currentPodHash"].stringValue == v1)
        #expect(status.phase == "Healthy")
        #expect(status["pauseConditions"].isNull)
        let rs1 = try await f.replicaSet(hash: v1)
        #expect(rs1.annotations["rollout.argoproj.io/revision"] == "3")
        #expect(rs1.annotations["rollout.argoproj.io/revision-history"] == "1")
        #expect(try await f.rollout().annotations["rollout.argoproj.io/revision"] == "3")
        #expect(try await f.serviceHash("web-preview") == v1)
        #expect(try await f.serviceHash("web-active") == v1)
        #expect(await f.replicaSets().count == 2)
        #expect(try await f.replicaSet(hash: v2).annotations["scale-down-deadline"] != nil)
    }

    @Test("undo right after a promotion, within the scale-down delay, switches back at once")
    func undoWithinScaleDownDelay() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        #expect(try await f.serviceHash("web-active") == v2)
        await f.advance(seconds: 5)
        try await f.setImage("shop/web:1.0")
        await f.settle()
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"].stringValue == v1)
        #expect(try await f.serviceHash("web-active") == v1)
    }

    @Test("undo to an old, scaled-down revision goes through the normal pause")
    func undoToOldRevisionPauses() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 31)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 0)
        try await f.setImage("shop/web:1.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(status["currentPodHash"].stringValue == v1)
        #expect(try await f.serviceHash("web-active") == v2)
        #expect(try await f.replicaSet(hash: v1).annotations["rollout.argoproj.io/revision"] == "3")
    }

    @Test("rollbackWindow fast-tracks a rollback to a recent revision even after scale-down")
    func rollbackWindow() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(extraSpec: ["rollbackWindow": ["revisions": 2]])
        _ = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 31)
        try await f.setImage("shop/web:1.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(try await f.serviceHash("web-active") == v1)
    }

    /// Argo's isRollbackWithinWindow (rollout/sync.go) counts only the ReplicaSets created strictly
    /// between the rollback target and the stable one, so a newer unpromoted revision does not push
    /// the target out of a one-revision window.
    @Test("rollbackWindow counts only the revisions between the target and the stable one")
    func rollbackWindowIgnoresRevisionsNewerThanStable() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(extraSpec: ["rollbackWindow": ["revisions": 1]])
        _ = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 31)
        _ = try await f.pausedUpdate("shop/web:3.0")      // revision 3, never promoted: v2 stays stable
        try await f.setImage("shop/web:1.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"].stringValue == v1)
        #expect(try await f.serviceHash("web-active") == v1)
    }

    @Test("rollbackWindow: a rollback past more revisions than the window pauses like any update")
    func rollbackOutsideWindowPauses() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(extraSpec: ["rollbackWindow": ["revisions": 1]])
        for image in ["shop/web:2.0", "shop/web:3.0"] {
            _ = try await f.pausedUpdate(image)
            try await f.promote()
            await f.settle()
            await f.advance(seconds: 31)
        }
        try await f.setImage("shop/web:1.0")              // v2 lies between v1 and the stable v3
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Paused")
    }

    @Test("promoteFull skips the pause and switches active once the new RS is saturated")
    func promoteFull() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen()
        try await f.setImage("shop/web:2.0")
        await f.settle()
        let v2 = try #require(try await f.status()["currentPodHash"].stringValue)
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"].stringValue == v2)
        #expect(status["promoteFull"].isNull)
        #expect(try await f.serviceHash("web-active") == v2)
    }

    @Test("a promoteFull sent before the controller saw the template change is dropped")
    func promoteFullBeforeObservedIsDropped() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen()
        try await f.setImage("shop/web:2.0")
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(status["promoteFull"].isNull)
    }
}

/// scaleDownDelayRevisionLimit (argo-rollouts rollout/replicaset.go scaleDownDelayHelper): only the
/// newest `limit` old ReplicaSets wait out scaleDownDelaySeconds; older ones are scaled down at once.
@Suite("Blue/green scaleDownDelayRevisionLimit")
struct ScaleDownDelayRevisionLimitTests {
    @Test("with limit 1, a second promotion scales the oldest revision down at once and keeps the previous one up")
    func onlyTheNewestOldRevisionStaysUp() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(blueGreen: ["autoPromotionEnabled": false, "scaleDownDelaySeconds": 300,
                                                          "scaleDownDelayRevisionLimit": 1])
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.replicaSet(hash: v1).rsSpecReplicas == 1)     // within its delay
        let v3 = try await f.pausedUpdate("shop/web:3.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.serviceHash("web-active") == v3)
        #expect(try await f.replicaSet(hash: v1).rsSpecReplicas == 0)
        #expect(try await f.replicaSet(hash: v2).rsSpecReplicas == 1)
    }

    @Test("without a limit every old revision waits out its delay")
    func withoutLimitAllWait() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(blueGreen: ["autoPromotionEnabled": false, "scaleDownDelaySeconds": 300])
        for image in ["shop/web:2.0", "shop/web:3.0"] {
            _ = try await f.pausedUpdate(image)
            try await f.promote()
            await f.settle()
            await f.advance(seconds: 1)
        }
        #expect(try await f.replicaSet(hash: v1).rsSpecReplicas == 1)
    }
}
