import Foundation
import Hummingbird
import HummingbirdTesting
import TandemEngine
import TandemKube
import TandemNotify
import TandemPlan
import TandemServer
import TandemSim
import TandemSimFixtures
import TandemStore

/// An in-process simulated cluster seeded with the two-service `shop` plan at 1.0, and a server whose
/// release host drives on it. Users: alice (qa), bob (qa), ci-bot (qa), dave (ops).
struct ServerWorld {
    let sim: SimClusterFixture
    let store: ReleaseStore
    let host: ReleaseHost
    let env: ServerEnvironment
    let tokens: [String: String]

    var client: KubeClient { sim.client }

    static let plan = """
    apiVersion: tandem/v1alpha1
    kind: ReleasePlan
    metadata:
      name: shop
    spec:
      namespace: shop
      coupling: lockstep
      services:
        - name: api
          rollout: api
          container: api
          image: example.com/shop/api
          deadline: 30s
        - name: web
          rollout: web
          container: web
          image: example.com/shop/web
          deadline: 30s
          dependsOn:
            - service: api
              configMap: web-settings
              key: API_HOST
              value: "{host}"
      checkpoints:
        - name: qa
          after: deploy
          approvals: 1
          approvers: ["group:qa"]
    """

    static let webhook = "http://127.0.0.1:9/hook"

    /// `plans` and `heartbeat` replace the host's plan parser and heartbeat (tests of a stuck parse or a wedged host);
    /// `context` is the kubeconfig context the host says it drives.
    static func with(plans: PlanParseGate = PlanParseGate(), heartbeat: HostHeartbeat? = nil, context: String? = nil,
                     retryAfter: Duration = .seconds(30), _ body: (ServerWorld) async throws -> Void) async throws {
        let sim = try await SimClusterFixture.start(SimulatedClusterOptions(readyDelay: .milliseconds(50)), namespace: "shop")
        do {
            let world = try await make(sim: sim, plans: plans, heartbeat: heartbeat, context: context, retryAfter: retryAfter)
            try await body(world)
            await world.host.idle()
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }

    /// Seeds the plan at 1.0 as `tandem sim seed` does, then builds the store, the users and the host.
    private static func make(sim: SimClusterFixture, plans: PlanParseGate,
                             heartbeat: HostHeartbeat?, context: String?, retryAfter: Duration) async throws -> ServerWorld {
        try await sim.seed(try PlanLoader.load(text: plan, file: "shop.yaml"), version: "1.0", timeout: .seconds(60))
        let client = sim.client
        let store = try ReleaseStore.inMemory()
        var users = UsersFile()
        var tokens: [String: String] = [:]
        for (name, groups) in [("alice", ["qa"]), ("bob", ["qa"]), ("ci-bot", ["qa"]), ("dave", ["ops"])] {
            let (next, token) = try users.adding(name: name, groups: groups)
            users = next
            tokens[name] = token
        }
        let composer = NotificationComposer(targets: [WebhookTarget(spec: webhook)], baseURL: "http://tandem.test")
        let host = ReleaseHost(client: client, store: store, notifier: { ReleaseNotifier(composer: composer, store: store) },
                               engine: EngineOptions(pollInterval: .milliseconds(50)), poll: .milliseconds(50),
                               retryAfter: retryAfter, plans: plans, heartbeat: heartbeat, context: context)
        let frozen = users
        let env = ServerEnvironment(store: store, users: { frozen }, signer: SessionSigner(secret: Data(repeating: 3, count: 32)),
                                    ssePoll: .milliseconds(20), host: host)
        return ServerWorld(sim: sim, store: store, host: host, env: env, tokens: tokens)
    }

    var app: some ApplicationProtocol { Application(router: TandemServerApp.router(env)) }

    func headers(_ name: String) -> HTTPFields {
        [.authorization: "Bearer \(tokens[name]!)", .contentType: "application/json"]
    }

    /// The body of `POST /api/releases`.
    static func submission(plan: String = ServerWorld.plan, version: String? = "2.0", set: [String: String]? = nil,
                           planPath: String = "plans/shop.yaml") -> ByteBuffer {
        var object: [String: Any] = ["plan": plan, "planPath": planPath]
        if let version { object["version"] = version }
        if let set { object["set"] = set }
        return ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
    }

    func image(_ rollout: String) async throws -> String {
        try await client.rollout(rollout, namespace: "shop").template.containers.first?.image ?? ""
    }

    /// The events of the outbox, oldest first.
    func notified() async throws -> [String] {
        try await store.notifications().reversed().map(\.event)
    }
}
