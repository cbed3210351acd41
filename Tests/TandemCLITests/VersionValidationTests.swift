import Foundation
import Testing

/// Release versions and `--set` tags are checked against the OCI tag grammar before anything
/// touches a cluster or a state database: exit 2, a message quoting the value, and the rule.
@Suite("Version validation (end to end)")
struct VersionValidationTests {
    static let rule = "  hint: an image tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-' (e.g. 2.0.1)\n"

    @Test("release start refuses an invalid --version with exit 2, quoting it")
    func releaseStartVersion() throws {
        let result = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--version", "x y/../z", "--sim"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: --version: \"x y/../z\" is not a valid image tag (it contains \" \")\n" + Self.rule)
        #expect(result.stdout.isEmpty)
    }

    @Test("release start refuses a whitespace-only --set tag, as the server does")
    func releaseStartWhitespaceSet() throws {
        let result = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--version", "2.0", "--set", "backend= ", "--sim"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: --set backend: \" \" is not a valid image tag (it contains \" \")\n" + Self.rule)
    }

    @Test("release start refuses an empty and a 200-character tag")
    func releaseStartEmptyAndLong() throws {
        let empty = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--set", "frontend=", "--sim"])
        #expect(empty.status == 2)
        #expect(empty.stderr.hasPrefix("error: --set frontend: \"\" is not a valid image tag (it is empty)\n"))
        let long = String(repeating: "7", count: 200)
        let tooLong = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--version", long, "--sim"])
        #expect(tooLong.status == 2)
        #expect(tooLong.stderr.hasPrefix("error: --version: \"\(long)\" is not a valid image tag (it is 200 characters long, at most 128)\n"))
    }

    @Test("release start still names the plan's services for a --set of an unknown service")
    func releaseStartUnknownService() throws {
        let result = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--set", "db=2.0", "--sim"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: --set db=2.0: expected svc=tag with a service of plan loan-app (backend, frontend)\n")
    }

    @Test("plan steps refuses a script tag in --version and --set")
    func planSteps() throws {
        let version = try TandemBinary.run(["plan", "steps", "plans/loan-app.yaml", "--version", "<script>"])
        #expect(version.status == 2)
        #expect(version.stderr == "error: --version: \"<script>\" is not a valid image tag (it contains \"<\")\n" + Self.rule)
        let set = try TandemBinary.run(["plan", "steps", "plans/loan-app.yaml", "--version", "2.0", "--set", "backend=.1"])
        #expect(set.status == 2)
        #expect(set.stderr == "error: --set backend: \".1\" is not a valid image tag (it starts with \".\")\n" + Self.rule)
        #expect(set.stdout.isEmpty)
    }

    @Test("sim seed refuses an invalid --version before touching a cluster, with control characters escaped")
    func simSeed() throws {
        let result = try TandemBinary.run(["sim", "seed", "plans/loan-app.yaml", "--version", "1.0\r\n", "--sim"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: --version: \"1.0\\r\\n\" is not a valid image tag (it contains \"\\r\")\n" + Self.rule)
    }

    @Test("valid tags pass: plan steps prints the program for them")
    func validTags() throws {
        let result = try TandemBinary.run(["plan", "steps", "plans/loan-app.yaml", "--version", "2.0", "--set", "backend=v2.0.1-rc_1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("v2.0.1-rc_1"))
    }
}

@Suite("plan steps output (end to end)")
struct PlanStepsOutputTests {
    @Test("control characters in a template, a verify path and an approver are printed escaped, never raw")
    func controlCharactersAreEscaped() throws {
        let plan = try TandemBinary.temporaryPlan("""
            apiVersion: tandem/v1alpha1
            kind: ReleasePlan
            metadata:
              name: evil
            spec:
              coupling: lockstep
              services:
                - name: backend
                  image: example/backend
                  verify:
                    path: "/health\\r\\nX-Injected: 1"
                - name: frontend
                  image: example/frontend
                  dependsOn:
                    - service: backend
                      configMap: fe
                      key: URL
                      value: "http://{host}\\r\\n\\u001b[2Jspoofed line"
              checkpoints:
                - name: qa
                  approvers: ["al\\u001b[31mice"]

            """)
        let result = try TandemBinary.run(["plan", "steps", plan, "--version", "2.0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\r") && !result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains(#"GET /health\r\nX-Injected: 1 through"#))
        #expect(result.stdout.contains(#"fe[URL] = http://backend-<hash>\r\n\u{1B}[2Jspoofed line"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"from al\u{1B}[31mice"#))
        #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("spoofed") || $0.hasPrefix("X-Injected") })
    }
}
