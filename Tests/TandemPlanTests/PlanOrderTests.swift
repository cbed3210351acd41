import Testing
@testable import TandemPlan

@Suite("Release order")
struct PlanOrderTests {
    static func plan(_ coupling: Coupling, _ order: ReleaseOrderKind = .dependenciesFirst) -> ReleasePlan {
        // storefront → cart → catalog; storefront → catalog; admin → catalog; audit alone.
        ReleasePlan(name: "shop", coupling: coupling, order: order, services: [
            ServiceSpec(name: "storefront", image: "x/storefront", dependsOn: [Dependency(service: "cart"), Dependency(service: "catalog")]),
            ServiceSpec(name: "audit", image: "x/audit"),
            ServiceSpec(name: "cart", image: "x/cart", dependsOn: [Dependency(service: "catalog")]),
            ServiceSpec(name: "admin", image: "x/admin", dependsOn: [Dependency(service: "catalog")]),
            ServiceSpec(name: "catalog", image: "x/catalog"),
        ])
    }

    @Test("lockstep deploys dependencies first (ties by plan order) and promotes in the exact reverse")
    func lockstep() {
        let order = PlanOrder.compute(Self.plan(.lockstep))
        #expect(order.deployWaves == [["audit", "catalog"], ["cart", "admin"], ["storefront"]])
        #expect(order.promoteWaves == [["storefront"], ["cart", "admin"], ["audit", "catalog"]])
    }

    @Test("independent dependenciesFirst promotes each wave right after deploying it")
    func independentDependenciesFirst() {
        let order = PlanOrder.compute(Self.plan(.independent))
        #expect(order.deployWaves == [["audit", "catalog"], ["cart", "admin"], ["storefront"]])
        #expect(order.promoteWaves == order.deployWaves)
    }

    @Test("independent consumersFirst deploys consumers before what they call")
    func independentConsumersFirst() {
        let order = PlanOrder.compute(Self.plan(.independent, .consumersFirst))
        #expect(order.deployWaves == [["storefront", "audit", "admin"], ["cart"], ["catalog"]])
        #expect(order.promoteWaves == order.deployWaves)
        #expect(order.order == .consumersFirst)
    }

    @Test("the loan-app example gives the documented JSON")
    func loanAppJSON() throws {
        let plan = try PlanLoader.load(path: PlanLoaderTests.fixture("loan-app.yaml"))
        #expect(OrderRenderer.json(plan: plan, order: PlanOrder.compute(plan))
            == #"{"plan":"loan-app","coupling":"lockstep","deployWaves":[["backend"],["frontend"]],"promoteWaves":[["frontend"],["backend"]]}"#)
    }

    @Test("the text form lists deploy and promote waves and checkpoints")
    func text() throws {
        let plan = try PlanLoader.load(path: PlanLoaderTests.fixture("loan-app.yaml"))
        #expect(OrderRenderer.text(plan: plan, order: PlanOrder.compute(plan)) == """
            plan loan-app (lockstep, pairing revision, 2 services, maxParallel 4)
            deploy:
              wave 1: backend
              wave 2: frontend
            promote (reverse):
              wave 1: frontend
              wave 2: backend
            checkpoints: qa after deploy
            """)
    }

    @Test("JSON strings are escaped")
    func jsonEscaping() {
        #expect(OrderRenderer.jsonString("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
    }

    @Test("a cyclic plan still gets every service, the blocked ones in a last wave")
    func cyclicPlanKeepsServices() {
        let plan = ReleasePlan(name: "c", services: [
            ServiceSpec(name: "a", image: "x/a", dependsOn: [Dependency(service: "b")]),
            ServiceSpec(name: "b", image: "x/b", dependsOn: [Dependency(service: "a")]),
            ServiceSpec(name: "c", image: "x/c"),
        ])
        #expect(PlanOrder.compute(plan).deployWaves == [["c"], ["a", "b"]])
    }
}
