import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Controllers driven by the store's watch")
struct ControllerRuntimeTests {
    func createBlueGreen(_ store: ObjectStore, name: String, autoPromotion: Bool) async throws {
        for service in ["\(name)-active", "\(name)-preview"] {
            _ = try await store.create(.services, namespace: "ns", [
                "metadata": ["name": .string(service)], "spec": ["selector": ["app": .string(name)]],
            ])
        }
        _ = try await store.create(.rollouts, namespace: "ns", [
            "metadata": ["name": .string(name)],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": .string(name)]],
                "template": ControllerFixture.template(app: name, image: "shop/\(name):1.0"),
                "strategy": ["blueGreen": ["activeService": .string("\(name)-active"), "previewService": .string("\(name)-preview"),
                                           "autoPromotionEnabled": .bool(autoPromotion)]],
            ],
        ])
    }

    @Test("with the real clock and a short ready delay, a rollout becomes Healthy and then promotes an update")
    func realClock() async throws {
        let store = try ObjectStore(statePath: nil)
        let controllers = SimControllers(store: store, options: SimControllerOptions(readyDelay: .milliseconds(30),
                                                                                   resyncInterval: .milliseconds(10)))
        await controllers.start()
        try await createBlueGreen(store, name: "web", autoPromotion: true)
        let healthy = try await waitFor(store, "web") { $0.phase == "Healthy" }
        _ = try await store.modify(.rollouts, namespace: "ns", name: "web") { current in
            var copy = current
            copy[path: ["spec", "template", "spec", "containers"]] = [["name": "app", "image": "shop/web:2.0"]]
            return copy
        }
        let promoted = try await waitFor(store, "web") {
            $0.phase == "Healthy" && $0["currentPodHash"] != healthy["currentPodHash"] && $0["observedGeneration"] == "2"
        }
        #expect(promoted["stableRS"] == promoted["currentPodHash"])
        let answer = try await controllers.network.proxyToService(namespace: "ns", service: "web-active", port: "80", path: "/")
        #expect(answer["version"].stringValue == "2.0")
        await controllers.stop()
    }

    @Test("with a manual clock, watch-driven controllers pause every rollout and fire timers on advance")
    func manualClockManyRollouts() async throws {
        let store = try ObjectStore(statePath: nil)
        let clock = ManualSimClock()
        let controllers = SimControllers(store: store, options: SimControllerOptions(readyDelay: .seconds(1), clock: clock))
        await controllers.start()
        for i in 0..<20 { try await createBlueGreen(store, name: "svc\(i)", autoPromotion: false) }
        #expect(await controllers.waitUntilIdle(timeout: .seconds(60)))
        clock.advance(by: .seconds(1))
        #expect(await controllers.waitUntilIdle(timeout: .seconds(60)))
        for i in 0..<20 {
            #expect(try await store.get(.rollouts, namespace: "ns", name: "svc\(i)")["status"].phase == "Healthy")
        }
        for i in 0..<20 {
            _ = try await store.modify(.rollouts, namespace: "ns", name: "svc\(i)") { current in
                var copy = current
                copy[path: ["spec", "template", "spec", "containers"]] = [["name": "app", "image": "shop/x:2.0"]]
                return copy
            }
        }
        #expect(await controllers.waitUntilIdle(timeout: .seconds(60)))
        clock.advance(by: .seconds(1))
        #expect(await controllers.waitUntilIdle(timeout: .seconds(60)))
        for i in 0..<20 {
            let status = try await store.get(.rollouts, namespace: "ns", name: "svc\(i)")["status"]
            #expect(status.phase == "Paused")
            #expect(status.message == "BlueGreenPause")
        }
        await controllers.stop()
    }

    /// Polls until the predicate holds (generous real-time bound; the assertion is on the state, not the time).
    func waitFor(_ store: ObjectStore, _ name: String, _ predicate: (JSON) -> Bool) async throws -> JSON {
        for _ in 0..<2000 {
            let status = try await store.get(.rollouts, namespace: "ns", name: name)["status"]
            if predicate(status) { return status }
            try await Task.sleep(for: .milliseconds(5))
        }
        let last = try await store.get(.rollouts, namespace: "ns", name: name)["status"]
        Issue.record("rollout \(name) never reached the expected state; last status: \(last)")
        return last
    }
}
