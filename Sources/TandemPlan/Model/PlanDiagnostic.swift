/// One problem found in a plan: where, what, and what to do about it.
public struct PlanDiagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// `nil` when the problem is about the whole file (missing, too large).
    public var position: SourcePosition?
    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(file: String, position: SourcePosition?, kind: Kind, message: String, hint: String? = nil) {
        self.file = file
        self.position = position
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE:COL: error: MESSAGE`, then `  hint: HINT` on the next line when there is one.
    public var description: String {
        let location = position.map { "\(file):\($0.line):\($0.column)" } ?? file
        var text = "\(location): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// The error classes, one per entry of the catalogue in docs/plan-format.md.
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        case unreadable, tooLarge, tooDeep, tooManyAliases, unsupportedYAML
        case notYAML, notMapping, wrongType
        case wrongAPIVersion, wrongKind
        case unknownKey, missingField, emptyServices
        case invalidName, invalidValue, duplicateService
        case unknownDependency, selfDependency, dependencyCycle
        case invalidEnum, misplacedOption
        case configMapWithoutKey, keyWithoutConfigMap, valueWithoutConfigMap
        case unknownPlaceholder, conflictingConfigKey
        case unknownCheckpointService, unknownCheckpointPosition, duplicateCheckpoint
        case invalidApprovals
        case duplicateEnvironment, unknownEnvironment, environmentCycle, invalidURL
    }
}

/// Why a plan could not be loaded: every diagnostic, sorted by position.
public struct PlanLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [PlanDiagnostic]

    public init(diagnostics: [PlanDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic (and its hint) per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
