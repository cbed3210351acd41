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

    @Test("release start of a plan with environments needs --env, and an unknown one is exit 2 listing the names")
    func startNeedsEnvironment() throws {
        let missing = try TandemBinary.run(["release", "start", "plans/loan-app-environments.yaml", "--version", "2.0", "--sim"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("plan loan-app lists environments (staging, production, dr): pass --env with one of them, e.g. --env staging"),
                "\(missing.stderr)")
        let unknown = try TandemBinary.run(["release", "start", "plans/loan-app-environments.yaml", "--env", "qa", "--version", "2.0", "--sim"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("plan loan-app has no environment \"qa\"; its environments are staging, production, dr"), "\(unknown.stderr)")
        #expect(missing.stdout.isEmpty && unknown.stdout.isEmpty)
    }

    @Test("--env on a plan without environments is refused with a hint; --sim cannot stand for an environment's context")
    func envRefusals() throws {
        let plain = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--env", "staging", "--version", "2.0", "--sim"])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("plan loan-app lists no spec.environments, so --env staging has nothing to select: leave --env out"),
                "\(plain.stderr)")
        let sim = try TandemBinary.run(["release", "start", "plans/loan-app-environments.yaml", "--env", "staging", "--version", "2.0", "--sim"])
        #expect(sim.status == 2)
        #expect(sim.stderr.contains("environment staging is released to kubeconfig context staging, and --sim is one embedded cluster"),
                "\(sim.stderr)")
    }

    @Test("a --change that is not a change number is exit 2 before anything is recorded")
    func badChangeNumber() throws {
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
            - name: staging
        """)
        let result = try TandemBinary.run(["release", "start", plan, "--env", "staging", "--version", "2.0", "--change", "CHG1^ORnumber=CHG2", "--sim"],
                                          environment: ["TANDEM_DB": plan + ".db"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--change \"CHG1^ORnumber=CHG2\" is not a change number; use the record's number, e.g. CHG0030001"),
                "\(result.stderr)")
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
