import Testing
import TandemEngine
import TandemPlan

/// The one check of a release's versions, shared by `release start` and `POST /api/releases`.
@Suite("Release versions")
struct ReleaseVersionsTests {
    let plan: ReleasePlan

    init() throws { plan = try PlanLoader.load(text: LoanAppPlan.yaml(), file: "loan-app.yaml") }

    @Test("a tag for every service, overridden per service, the last override of a service winning")
    func overrides() throws {
        let versions = try ReleaseVersions.resolve(plan: plan, version: "2.0",
                                                   overrides: [("backend", "2.0.1"), ("backend", "2.0.2")])
        #expect(versions == ["backend": "2.0.2", "frontend": "2.0"])
        #expect(try ReleaseVersions.resolve(plan: plan, version: nil, overrides: [("frontend", "3")]) == ["frontend": "3"])
    }

    @Test("unknown services are named first (sorted), then the version, then each override in order")
    func problemsInOrder() {
        #expect(throws: ReleaseVersions.Problem.unknownServices(["api", "db"])) {
            try ReleaseVersions.resolve(plan: plan, version: "x y", overrides: [("db", " "), ("api", "1")])
        }
        #expect(throws: ReleaseVersions.Problem.invalidVersion(problem: #""x y" is not a valid image tag (it contains " ")"#)) {
            try ReleaseVersions.resolve(plan: plan, version: "x y", overrides: [("backend", " ")])
        }
        #expect(throws: ReleaseVersions.Problem.invalidTag(service: "frontend", problem: #""" is not a valid image tag (it is empty)"#)) {
            try ReleaseVersions.resolve(plan: plan, version: "2.0", overrides: [("frontend", ""), ("backend", ".1")])
        }
    }

    @Test("a whitespace-only tag is refused, whichever front end gave it")
    func whitespaceTag() {
        #expect(throws: ReleaseVersions.Problem.invalidTag(service: "backend", problem: #"" " is not a valid image tag (it contains " ")"#)) {
            try ReleaseVersions.resolve(plan: plan, version: nil, overrides: [("backend", " ")])
        }
    }

    @Test("no version at all is refused when some are required, and is an empty set otherwise")
    func none() throws {
        #expect(throws: ReleaseVersions.Problem.noVersions) { try ReleaseVersions.resolve(plan: plan, version: nil, overrides: []) }
        #expect(try ReleaseVersions.resolve(plan: plan, version: nil, overrides: [], requireSome: false).isEmpty)
    }
}
