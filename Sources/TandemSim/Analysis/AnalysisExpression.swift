import Foundation
import TandemKubeModel

/// The subset of expr-lang (what Argo's `successCondition`/`failureCondition` are written in,
/// argo-rollouts utils/evaluate/evaluate.go) the simulator evaluates over a metric's `result`:
/// literals (numbers, 'single' or "double" quoted strings, true, false, nil), `result` with
/// `.field` and `[index]`/`["key"]` access (a missing key is nil), `len()`, `asInt()`,
/// `asFloat()`, `isNil()`, unary `!`/`not`/`-`, `* / %`, `+ -` (numbers; `+` also joins strings),
/// `< <= > >= == !=`, `&&`/`and`, `||`/`or`, and parentheses. Anything else is a parse error,
/// which Argo reports as an Error measurement, as it does for expr's own compile errors.
struct AnalysisExpression {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private indirect enum Node {
        case literal(JSON)
        case result
        case member(Node, Node)
        case call(String, [Node])
        case unary(String, Node)
        case binary(String, Node, Node)
    }

    private let root: Node

    init(_ text: String) throws(Failure) {
        var parser = Parser(tokens: try Self.tokenize(text))
        root = try parser.expression(0)
        guard parser.atEnd else { throw Failure(description: "unexpected token \(parser.peek.map { "'\($0.text)'" } ?? "")") }
    }

    /// Evaluates to a boolean; a non-boolean outcome is an error, as expr's `AsBool` makes it.
    func evaluateCondition(result: JSON) throws(Failure) -> Bool {
        let value = try Self.evaluate(root, result: result)
        guard let bool = value.boolValue else {
            throw Failure(description: "expected bool, but got \(Self.typeName(value))")
        }
        return bool
    }

    // MARK: - Evaluation

    private static func evaluate(_ node: Node, result: JSON) throws(Failure) -> JSON {
        switch node {
        case .literal(let value): return value
        case .result: return result
        case .member(let base, let key):
            let container = try evaluate(base, result: result)
            let index = try evaluate(key, result: result)
            switch (container, index) {
            case (.object(let members), .string(let name)): return members[name] ?? .null
            case (.array(let items), _):
                guard let i = index.intValue else { throw Failure(description: "array index must be an integer") }
                let position = i < 0 ? items.count + i : i
                guard items.indices.contains(position) else {
                    throw Failure(description: "index out of range: \(i) (array length is \(items.count))")
                }
                return items[position]
            case (.null, _): return .null
            default: throw Failure(description: "cannot fetch \(index) from \(typeName(container))")
            }
        case .call(let name, let arguments):
            guard arguments.count == 1 else { throw Failure(description: "\(name) expects 1 argument, got \(arguments.count)") }
            return try call(name, try evaluate(arguments[0], result: result))
        case .unary(let op, let operand):
            let value = try evaluate(operand, result: result)
            if op == "-" {
                if case .int(let i) = value { return .int(-i) }
                if let d = number(value) { return .double(-d) }
                throw Failure(description: "invalid operation: -\(typeName(value))")
            }
            guard let bool = value.boolValue else { throw Failure(description: "invalid operation: !\(typeName(value))") }
            return .bool(!bool)
        case .binary(let op, let lhs, let rhs):
            if op == "&&" || op == "||" {
                let left = try evaluate(lhs, result: result)
                guard let l = left.boolValue else { throw Failure(description: "invalid operation: \(typeName(left)) \(op)") }
                if op == "&&" && !l { return false }
                if op == "||" && l { return true }
                let right = try evaluate(rhs, result: result)
                guard let r = right.boolValue else { throw Failure(description: "invalid operation: \(op) \(typeName(right))") }
                return .bool(r)
            }
            return try binary(op, try evaluate(lhs, result: result), try evaluate(rhs, result: result))
        }
    }

    private static func call(_ name: String, _ value: JSON) throws(Failure) -> JSON {
        switch name {
        case "len":
            switch value {
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case .string(let s): return .int(s.count)
            default: throw Failure(description: "invalid argument for len (type \(typeName(value)))")
            }
        case "asInt":
            if case .int = value { return value }
            if let text = value.stringValue, let i = Int(text.trimmingCharacters(in: .whitespaces)) { return .int(i) }
            if let d = number(value), d.rounded() == d { return .int(Int(d)) }
            throw Failure(description: "asInt: cannot convert \(value) to int")
        case "asFloat":
            if let d = number(value) { return .double(d) }
            if let text = value.stringValue, let d = Double(text.trimmingCharacters(in: .whitespaces)) { return .double(d) }
            throw Failure(description: "asFloat: cannot convert \(value) to float")
        case "isNil":
            return .bool(value.isNull)
        default:
            throw Failure(description: "unknown func \(name)")
        }
    }

    private static func binary(_ op: String, _ l: JSON, _ r: JSON) throws(Failure) -> JSON {
        switch op {
        case "==": return .bool(equal(l, r))
        case "!=": return .bool(!equal(l, r))
        case "<", "<=", ">", ">=":
            let order: ComparisonResult
            if let a = number(l), let b = number(r) {
                order = a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            } else if let a = l.stringValue, let b = r.stringValue {
                order = a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            } else {
                throw Failure(description: "invalid operation: \(typeName(l)) \(op) \(typeName(r)) (mismatched types)")
            }
            switch op {
            case "<": return .bool(order == .orderedAscending)
            case "<=": return .bool(order != .orderedDescending)
            case ">": return .bool(order == .orderedDescending)
            default: return .bool(order != .orderedAscending)
            }
        default:
            if op == "+", let a = l.stringValue, let b = r.stringValue { return .string(a + b) }
            if case .int(let a) = l, case .int(let b) = r {
                switch op {
                case "+": return .int(a + b)
                case "-": return .int(a - b)
                case "*": return .int(a * b)
                case "%":
                    guard b != 0 else { throw Failure(description: "integer divide by zero") }
                    return .int(a % b)
                default: break
                }
            }
            guard let a = number(l), let b = number(r) else {
                throw Failure(description: "invalid operation: \(typeName(l)) \(op) \(typeName(r)) (mismatched types)")
            }
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            default: return .double(a.truncatingRemainder(dividingBy: b))
            }
        }
    }

    private static func number(_ value: JSON) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    private static func equal(_ l: JSON, _ r: JSON) -> Bool {
        if let a = number(l), let b = number(r) { return a == b }
        return l == r
    }

    /// Go's names for the types a JSON value decodes to, as expr's messages use them.
    static func typeName(_ value: JSON) -> String {
        switch value {
        case .null: "nil"
        case .bool: "bool"
        case .int, .double: "float64"
        case .string: "string"
        case .array: "[]interface {}"
        case .object: "map[string]interface {}"
        }
    }

    // MARK: - Tokens and parsing

    private struct Token {
        enum Kind { case number, string, name, op }
        let kind: Kind
        let text: String
    }

    private static func tokenize(_ text: String) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        let twoChar: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E" { j += 1 }
                tokens.append(Token(kind: .number, text: String(chars[i..<j])))
                i = j
            } else if c == "\"" || c == "'" {
                var j = i + 1
                var value = ""
                while j < chars.count, chars[j] != c {
                    if chars[j] == "\\", j + 1 < chars.count { j += 1 }
                    value.append(chars[j])
                    j += 1
                }
                guard j < chars.count else { throw Failure(description: "literal not terminated") }
                tokens.append(Token(kind: .string, text: value))
                i = j + 1
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(Token(kind: .name, text: String(chars[i..<j])))
                i = j
            } else {
                let pair = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
                if twoChar.contains(pair) {
                    tokens.append(Token(kind: .op, text: pair))
                    i += 2
                } else if "+-*/%<>!().[],".contains(c) {
                    tokens.append(Token(kind: .op, text: String(c)))
                    i += 1
                } else {
                    throw Failure(description: "unexpected token '\(c)'")
                }
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        var position = 0

        var atEnd: Bool { position >= tokens.count }
        var peek: Token? { atEnd ? nil : tokens[position] }

        /// Binary operators by precedence (expr-lang's order: or < and < comparison < + - < * / %).
        static func precedence(_ token: Token) -> (String, Int)? {
            switch (token.kind, token.text) {
            case (.op, "||"), (.name, "or"): ("||", 1)
            case (.op, "&&"), (.name, "and"): ("&&", 2)
            case (.op, "=="), (.op, "!="), (.op, "<"), (.op, "<="), (.op, ">"), (.op, ">="): (token.text, 3)
            case (.op, "+"), (.op, "-"): (token.text, 4)
            case (.op, "*"), (.op, "/"), (.op, "%"): (token.text, 5)
            default: nil
            }
        }

        mutating func expression(_ minimum: Int) throws(Failure) -> Node {
            var left = try unary()
            while let token = peek, let (op, level) = Self.precedence(token), level > minimum {
                position += 1
                let right = try expression(level)
                left = .binary(op, left, right)
            }
            return left
        }

        mutating func unary() throws(Failure) -> Node {
            if let token = peek, (token.kind == .op && (token.text == "!" || token.text == "-")) || (token.kind == .name && token.text == "not") {
                position += 1
                return .unary(token.text == "-" ? "-" : "!", try unary())
            }
            return try postfix(try primary())
        }

        mutating func primary() throws(Failure) -> Node {
            guard let token = peek else { throw Failure(description: "unexpected end of expression") }
            position += 1
            switch token.kind {
            case .number:
                if let i = Int(token.text) { return .literal(.int(i)) }
                guard let d = Double(token.text) else { throw Failure(description: "invalid number \(token.text)") }
                return .literal(.double(d))
            case .string: return .literal(.string(token.text))
            case .name:
                switch token.text {
                case "true": return .literal(true)
                case "false": return .literal(false)
                case "nil": return .literal(.null)
                case "result": return .result
                default:
                    guard peek?.text == "(" else { throw Failure(description: "unknown name \(token.text)") }
                    position += 1
                    var arguments: [Node] = []
                    while peek?.text != ")" {
                        arguments.append(try expression(0))
                        if peek?.text == "," { position += 1 } else { break }
                    }
                    try expect(")")
                    return .call(token.text, arguments)
                }
            case .op:
                guard token.text == "(" else { throw Failure(description: "unexpected token '\(token.text)'") }
                let inner = try expression(0)
                try expect(")")
                return inner
            }
        }

        mutating func postfix(_ base: Node) throws(Failure) -> Node {
            var node = base
            while let token = peek, token.kind == .op, token.text == "." || token.text == "[" {
                position += 1
                if token.text == "." {
                    guard let name = peek, name.kind == .name else { throw Failure(description: "expected a field name after '.'") }
                    position += 1
                    node = .member(node, .literal(.string(name.text)))
                } else {
                    let key = try expression(0)
                    try expect("]")
                    node = .member(node, key)
                }
            }
            return node
        }

        mutating func expect(_ text: String) throws(Failure) {
            guard peek?.text == text else { throw Failure(description: "expected '\(text)'") }
            position += 1
        }
    }
}
