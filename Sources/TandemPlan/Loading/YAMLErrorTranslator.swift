/// Turns a composing error (libyaml's, or a duplicated key) into one diagnostic at the
/// position libyaml reported.
enum YAMLErrorTranslator {
    static func diagnostic(for error: YAMLComposeError, file: String) -> PlanDiagnostic {
        let hint = "fix the YAML syntax at this position (indentation, a missing ':' or an unclosed quote or bracket)"
        switch error {
        case .scanner(let context, let problem, let mark),
             .parser(let context, let problem, let mark),
             .composer(let context, let problem, let mark):
            let prefix = context.map { $0.text + ": " } ?? ""
            return PlanDiagnostic(file: file, position: SourcePosition(line: mark.line, column: mark.column), kind: .notYAML,
                                  message: "not valid YAML: \(prefix)\(problem)", hint: hint)
        case .duplicatedKeys(let duplicates, let mark):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return PlanDiagnostic(file: file, position: SourcePosition(line: mark.line, column: mark.column),
                                  kind: .notYAML, message: "duplicate key \(keys) in one mapping",
                                  hint: "each key may appear once per mapping; merge the two entries")
        case .reader(let problem):
            return PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notYAML,
                                  message: "not valid YAML text: \(problem)", hint: "save the plan as UTF-8 text")
        case .memory:
            return PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notYAML,
                                  message: "not valid YAML: memory", hint: hint)
        }
    }
}
