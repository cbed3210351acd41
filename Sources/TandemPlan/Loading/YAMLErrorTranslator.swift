import Yams

/// Turns Yams/libyaml errors into one diagnostic with the position libyaml reported.
enum YAMLErrorTranslator {
    static func diagnostic(for error: any Error, file: String) -> PlanDiagnostic {
        let hint = "fix the YAML syntax at this position (indentation, a missing ':' or an unclosed quote or bracket)"
        guard let yamlError = error as? YamlError else {
            return PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notYAML,
                                  message: "not valid YAML: \(error)", hint: hint)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { $0.text + ": " } ?? ""
            return PlanDiagnostic(file: file, position: SourcePosition(line: mark.line, column: mark.column), kind: .notYAML,
                                  message: "not valid YAML: \(prefix)\(problem)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return PlanDiagnostic(file: file, position: SourcePosition(line: context.mark.line, column: context.mark.column),
                                  kind: .notYAML, message: "duplicate key \(keys) in one mapping",
                                  hint: "each key may appear once per mapping; merge the two entries")
        case .reader(let problem, _, _, _):
            return PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notYAML,
                                  message: "not valid YAML text: \(problem)", hint: "save the plan as UTF-8 text")
        default:
            return PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notYAML,
                                  message: "not valid YAML: \(yamlError)", hint: hint)
        }
    }
}
