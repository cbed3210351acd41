import TandemPlan

/// Builds plan text for tests: a valid two-service plan (backend, frontend → backend) whose
/// spec and services can be replaced line by line. Line numbers are documented beside each line.
enum PlanText {
    static let header = [
        "apiVersion: tandem/v1alpha1",  // 1
        "kind: ReleasePlan",            // 2
        "metadata:",                    // 3
        "  name: demo",                 // 4
        "spec:",                        // 5
    ]

    static let twoServices = [
        "  services:",                  // 6
        "    - name: backend",          // 7
        "      image: example/backend", // 8
        "    - name: frontend",         // 9
        "      image: example/frontend", // 10
        "      dependsOn:",             // 11
        "        - service: backend",   // 12
    ]

    /// Header lines 1–5, then `spec` lines from line 6.
    static func plan(_ spec: [String]) -> String {
        (header + spec).joined(separator: "\n") + "\n"
    }

    /// Header, then extra spec lines from line 6, then the two services.
    static func plan(specBefore extra: [String]) -> String {
        plan(extra + twoServices)
    }

    /// Loads `text` as file `t.yaml`; the diagnostics, or [] when it is valid.
    static func diagnostics(_ text: String) -> [PlanDiagnostic] {
        do {
            _ = try PlanLoader.load(text: text, file: "t.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Each diagnostic as `LINE:COL: error: MESSAGE` (no file, no hint).
    static func lines(_ text: String) -> [String] {
        diagnostics(text).map { diagnostic in
            let position = diagnostic.position.map { "\($0.line):\($0.column): " } ?? ""
            return position + "error: " + diagnostic.message
        }
    }
}
