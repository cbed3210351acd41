import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

/// `tandem sim seed --strategy canary`: a world of basic canary Rollouts that lockstep canary
/// releases start from, driven over HTTP with tandem's own client.
@Suite("World seeder: canary worlds", .serialized)
struct WorldSeederCanaryTests {
    static let services = [
        SeedService(name: "api", image: "example.com/shop/api", namespace: "shop"),
        SeedService(name: "web", image: "example.com/shop/web", namespace: "shop",
                    dependsOn: [.init(service: "api", configMap: "web-config", key: "API_URL", value: "http://{host}:{port}/")]),
    ]

    @Test("canary manifests: stable and canary Services, the steps, consumers pointed at the dependency's stable Service")
    func manifests() throws {
        let objects = WorldSeeder.manifests(for: Self.services, version: "1.0", strategy: .canary(steps: SeedStrategy.defaultCanarySteps))
        let services = objects.filter { $0["kind"] == "Service" }.compactMap { $0[path: ["metadata", "name"]].stringValue }
        #expect(services == ["api-stable", "api-canary", "web-stable", "web-canary"])
        let web = try #require(objects.first { $0["kind"] == "Rollout" && $0[path: ["metadata", "name"]] == "web" })
        #expect(web[path: ["spec", "replicas"]] == 5)
        #expect(web[path: ["spec", "strategy", "canary"]] == [
            "stableService": "web-stable", "canaryService": "web-canary",
            "steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 50], ["pause": [:]], ["setWeight": 100]],
        ])
        let config = try #require(objects.first { $0["kind"] == "ConfigMap" })
        #expect(config["data"] == ["API_URL": "http://api-stable:8080/"])
    }

    @Test("blue/green stays the default")
    func blueGreenDefault() {
        let objects = WorldSeeder.manifests(for: Self.services, version: "1.0")
        let services = objects.filter { $0["kind"] == "Service" }.compactMap { $0[path: ["metadata", "name"]].stringValue }
        #expect(services == ["api-active", "api-preview", "web-active", "web-preview"])
        #expect(objects.first { $0["kind"] == "ConfigMap" }?["data"] == ["API_URL": "http://api-active:8080/"])
    }

    @Test("--steps parsing: weights, pause, pause:DURATION; a bad item is named with its position",
          arguments: [("20,pause,50,pause:30s,100", "20,pause,50,pause:30s,100"), (" 10 , pause ", "10,pause")])
    func parseSteps(_ text: String, _ expected: String) throws {
        let steps = try CanaryStepSpec.parseList(text).get()
        #expect(steps.map(\.description).joined(separator: ",") == expected)
    }

    @Test("--steps rejects what is not a step", arguments: [
        ("20,wait", "step 2 \"wait\": expected a weight (0-100), pause or pause:DURATION"),
        ("120", "step 1 \"120\": a weight must be 0 to 100"),
        ("pause:soon", "step 1 \"pause:soon\": \"soon\" is not a duration such as 30s"),
    ])
    func badSteps(_ text: String, _ message: String) {
        #expect(throws: SeedStepError.self) { try CanaryStepSpec.parseList(text).get() }
        if case .failure(let error) = CanaryStepSpec.parseList(text) { #expect(error.description == message) }
    }

    @Test("a seeded canary world is Healthy; an update pauses at step 1 with the canary Service reaching only canary pods")
    func seededWorldSteps() async throws {
        let harness = try await SimHarness.start(tls: false)
        let client = try harness.client(.bearerToken, namespace: "shop")
        do {
            _ = try await WorldSeeder(client: client).seed(Self.services, version: "1.0",
                                                           strategy: .canary(steps: SeedStrategy.defaultCanarySteps),
                                                           timeout: .seconds(60))
            var web = try await client.rollout("web")
            #expect(web.status.currentStepIndex == 5)
            #expect(web.status.stableRS == web.status.currentPodHash)
            let stableAnswer = try #require(try await client.proxyGet(service: "web-stable", path: "/").json)
            #expect(stableAnswer[path: ["calls", "API_URL", "service"]] == "api-stable")

            try await client.setImage(rollout: "web", container: "web", image: "example.com/shop/web:2.0")
            web = try await client.waitForRollout("web", until: .init("paused at step 1") {
                $0.status.currentStepIndex == 1 && $0.status.pauseConditions.map(\.reason) == ["CanaryPauseStep"]
            }, timeout: .seconds(30))
            #expect(web.status.controllerPause)
            for _ in 0..<6 {
                #expect(try await client.proxyGet(service: "web-canary", path: "/").json?["version"] == "2.0")
                #expect(try await client.proxyGet(service: "web-stable", path: "/").json?["version"] == "1.0")
            }
        } catch {
            await client.shutdown(); await harness.stop()
            throw error
        }
        await client.shutdown()
        await harness.stop()
    }
}
