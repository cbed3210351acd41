import Foundation

/// The one entry point for reading plans: a fully validated `ReleasePlan`, or every problem.
public enum PlanLoader {
    /// Files larger than this are refused before they are read (16 MiB).
    public static let maxFileBytes = 16 * 1024 * 1024

    /// Reads and validates the plan at `path`. `path` is used as written in diagnostics.
    public static func load(path: String) throws(PlanLoadError) -> ReleasePlan {
        try loadFile(path: path).plan
    }

    /// Reads the plan file once: the validated plan and the exact text it was parsed from (what a
    /// release hashes and stores, so the recorded plan is the one that runs).
    public static func loadFile(path: String) throws(PlanLoadError) -> (plan: ReleasePlan, text: String) {
        let text = try read(path: path)
        return (try load(text: text, file: path), text)
    }

    /// Validates plan text; `file` names it in diagnostics.
    public static func load(text: String, file: String) throws(PlanLoadError) -> ReleasePlan {
        if text.utf8.count > maxFileBytes { throw single(tooLarge(file: file, bytes: text.utf8.count)) }
        if let problem = YAMLGuard.scan(text) { throw single(guardDiagnostic(problem, file: file)) }
        let root: Node?
        do throws(YAMLComposeError) {
            // Every scalar stays a string (the decoder types values itself), and the tree holds
            // only what the decoder reads, which keeps 10,000-service plans fast and small.
            root = try YAMLComposer.compose(text)
        } catch {
            throw single(YAMLErrorTranslator.diagnostic(for: error, file: file))
        }
        guard let root else {
            throw single(PlanDiagnostic(file: file, position: SourcePosition(line: 1, column: 1), kind: .notMapping,
                                        message: "the plan is empty",
                                        hint: "a plan is a mapping with apiVersion, kind, metadata and spec; start from plans/loan-app.yaml"))
        }
        var decoder = PlanDecoder(file: file, nodeBudget: text.utf8.count + 1024)
        let decoded = decoder.decode(root)
        var diagnostics = decoder.reader.diagnostics
        if let decoded, !decoder.reader.overBudget {
            diagnostics += PlanValidator.validate(decoded, file: file)
        }
        if let decoded, diagnostics.isEmpty { return decoded }
        throw PlanLoadError(diagnostics: sorted(diagnostics))
    }

    /// Diagnostics in file order (stable for equal positions).
    static func sorted(_ diagnostics: [PlanDiagnostic]) -> [PlanDiagnostic] {
        diagnostics.enumerated().sorted {
            let (lhs, rhs) = ($0.element.position ?? .unknown, $1.element.position ?? .unknown)
            return lhs == rhs ? $0.offset < $1.offset : lhs < rhs
        }.map(\.element)
    }

    private static func read(path: String) throws(PlanLoadError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw single(PlanDiagnostic(file: path, position: nil, kind: .unreadable, message: "no such file",
                                        hint: "check the path; example plans live in plans/, e.g. plans/loan-app.yaml"))
        }
        if isDirectory.boolValue {
            throw single(PlanDiagnostic(file: path, position: nil, kind: .unreadable, message: "is a directory, not a plan file",
                                        hint: "name a plan file, e.g. \(path)/loan-app.yaml"))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size > maxFileBytes { throw single(tooLarge(file: path, bytes: size)) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw single(PlanDiagnostic(file: path, position: nil, kind: .unreadable, message: "cannot be read",
                                        hint: "check the file's permissions"))
        }
        if data.count > maxFileBytes { throw single(tooLarge(file: path, bytes: data.count)) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw single(PlanDiagnostic(file: path, position: nil, kind: .notYAML, message: "is not UTF-8 text",
                                        hint: "a plan is a YAML text file encoded as UTF-8"))
        }
        return text
    }

    private static func single(_ diagnostic: PlanDiagnostic) -> PlanLoadError {
        PlanLoadError(diagnostics: [diagnostic])
    }

    private static func tooLarge(file: String, bytes: Int) -> PlanDiagnostic {
        PlanDiagnostic(file: file, position: nil, kind: .tooLarge,
                       message: "the file is \(bytes) bytes; plans are limited to \(maxFileBytes) bytes (16 MiB)",
                       hint: "a plan lists services and their dependencies; check that this is the right file")
    }

    private static func guardDiagnostic(_ problem: YAMLGuard.Problem, file: String) -> PlanDiagnostic {
        switch problem {
        case .tooDeep(let position):
            PlanDiagnostic(file: file, position: position, kind: .tooDeep,
                           message: "the YAML is nested more than \(YAMLGuard.maxDepth) levels deep",
                           hint: "a plan needs only a few levels; check the indentation and brackets")
        case .tooManyAliases(let position):
            PlanDiagnostic(file: file, position: position, kind: .tooManyAliases,
                           message: "the YAML uses more than \(YAMLGuard.maxAliases) aliases",
                           hint: "write the values out instead of using anchors (&) and aliases (*)")
        case .aliasAsKey(let position):
            PlanDiagnostic(file: file, position: position, kind: .unsupportedYAML,
                           message: "an alias is used as a mapping key",
                           hint: "write keys out; plans do not support aliases as keys")
        case .explicitKey(let position):
            PlanDiagnostic(file: file, position: position, kind: .unsupportedYAML,
                           message: "explicit mapping keys (\"? \") are not supported in plans",
                           hint: "write each key as `key: value`")
        }
    }
}
