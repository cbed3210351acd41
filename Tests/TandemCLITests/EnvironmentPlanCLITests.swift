import Foundation
import Testing

/// Environments and gates are validated by `plan validate`; `release start` refuses such plans (exit 2)
/// instead of releasing them without their gates.
@Suite("Environment plans (end to end)")
struct EnvironmentPlanCLITests {
    @Test("the example environments plan validates")
    func exampleValidates() throws {
        let result = try TandemBinary.run(["plan", "validate", "plans/loan-app-environments.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("release start refuses a plan with environments with exit 2 and the reason, before touching a cluster")
    func startRefused() throws {
        let result = try TandemBinary.run(["release", "start", "plans/loan-app-environments.yaml", "--version", "2.0", "--sim"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: plans/loan-app-environments.yaml: plan loan-app lists spec.environments (staging, production, dr)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("plan validate reports an unknown requires and a bad gate URL at once, with positions")
    func validationErrors() throws {
        let plan = try TandemBinary.temporaryPlan("""
        apiVersion: tandem/v1alpha1
        kind: ReleasePlan
        metadata:
          name: demo
        spec:
          services:
            - name: backend
              image: example/backend
          environments:
            - name: production
              requires: stagng
              checkpoints:
                - name: change
                  gates:
                    - http: {url: "gate.example.com"}
        """)
        let result = try TandemBinary.run(["plan", "validate", plan])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(plan):11:17: error: environment \"production\" requires unknown environment \"stagng\""), "\(result.stderr)")
        #expect(result.stderr.contains("\(plan):15:27: error: http gate of checkpoint \"change\" has an invalid url \"gate.example.com\""), "\(result.stderr)")
    }
}
