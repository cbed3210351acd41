import CYaml

/// Composes plan text into `Node`s straight from libyaml's parser events: one pass, no
/// intermediate event objects, duplicate keys checked per mapping as Yams does. Errors carry
/// the messages and 1-based positions libyaml reports (the same ones `Yams.compose` gives).
/// Expects text that `YAMLGuard` has passed, so aliases are few and nesting is shallow.
final class YAMLComposer {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    /// Anchored values by name; a later anchor of the same name shadows an earlier one.
    private var anchors: [String: Node] = [:]

    /// The single document in `text`; `nil` when the text holds no document.
    static func compose(_ text: String) throws(YAMLComposeError) -> Node? {
        var text = text
        let result = text.withUTF8 { bytes -> Result<Node?, YAMLComposeError> in
            let composer = YAMLComposer(bytes: bytes)
            do throws(YAMLComposeError) {
                return .success(try composer.singleRoot())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_event_delete(&event)
        yaml_parser_delete(&parser)
    }

    private func singleRoot() throws(YAMLComposeError) -> Node? {
        try next() // stream start
        try next()
        guard event.type != YAML_STREAM_END_EVENT else { return nil }
        try next() // document start
        let root = try node()
        try next() // document end
        try next()
        if event.type != YAML_STREAM_END_EVENT {
            throw .composer(context: YAMLComposeError.Context(text: "expected a single document in the stream", mark: Node.Mark(line: 1, column: 1)),
                            problem: "but found another document", mark: startMark)
        }
        return root
    }

    /// Advances to the next event (the previous one is released).
    private func next() throws(YAMLComposeError) {
        yaml_event_delete(&event)
        guard yaml_parser_parse(&parser, &event) == 1 else { throw YAMLComposeError(parser) }
    }

    private var startMark: Node.Mark {
        Node.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    private var startPosition: Node.Position {
        Node.Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    /// The value whose first event is the current one; leaves its last event current.
    private func node() throws(YAMLComposeError) -> Node {
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let style = Node.Scalar.Style(rawValue: UInt8(truncatingIfNeeded: data.style.rawValue)) ?? .any
            let tag = data.quoted_implicit == 1 ? nil : Self.string(data.tag)
            let node = Node.scalar(Node.Scalar(string: value, style: style, position: startPosition, explicitTag: tag))
            register(Self.string(data.anchor), node)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let position = startPosition
            let anchor = Self.string(event.data.sequence_start.anchor)
            let tag = Self.string(event.data.sequence_start.tag)
            var nodes: [Node] = []
            try next()
            while event.type != YAML_SEQUENCE_END_EVENT {
                nodes.append(try node())
                try next()
            }
            let node = Node.sequence(Node.Sequence(nodes: nodes, position: position, explicitTag: tag))
            register(anchor, node)
            return node
        case YAML_MAPPING_START_EVENT:
            let position = startPosition
            let anchor = Self.string(event.data.mapping_start.anchor)
            let tag = Self.string(event.data.mapping_start.tag)
            var pairs: [Node.Mapping.Element] = []
            try next()
            while event.type != YAML_MAPPING_END_EVENT {
                let key = try node()
                try next()
                pairs.append((key, try node()))
                try next()
            }
            try DuplicateKeys.check(pairs)
            let node = Node.mapping(Node.Mapping(pairs: pairs, position: position, explicitTag: tag))
            register(anchor, node)
            return node
        case YAML_ALIAS_EVENT:
            guard let name = Self.string(event.data.alias.anchor), let node = anchors[name] else {
                throw .composer(context: nil, problem: "found undefined alias", mark: startMark)
            }
            return node
        default:
            throw .composer(context: nil, problem: "unexpected YAML event", mark: startMark)
        }
    }

    private func register(_ anchor: String?, _ node: Node) {
        if let anchor { anchors[anchor] = node }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// Why plan text could not be composed, as libyaml (or the duplicate-key check) reported it.
enum YAMLComposeError: Error, Equatable {
    struct Context: Equatable {
        let text: String
        let mark: Node.Mark
    }

    case reader(problem: String)
    case scanner(context: Context?, problem: String, mark: Node.Mark)
    case parser(context: Context?, problem: String, mark: Node.Mark)
    case composer(context: Context?, problem: String, mark: Node.Mark)
    /// Keys written twice in one mapping (sorted), at the first occurrence of the first of them.
    case duplicatedKeys([String], mark: Node.Mark)
    case memory

    init(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let mark = Node.Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        let context = parser.context.map {
            Context(text: String(cString: $0),
                    mark: Node.Mark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1))
        }
        switch parser.error {
        case YAML_READER_ERROR: self = .reader(problem: problem)
        case YAML_SCANNER_ERROR: self = .scanner(context: context, problem: problem, mark: mark)
        case YAML_PARSER_ERROR: self = .parser(context: context, problem: problem, mark: mark)
        case YAML_COMPOSER_ERROR: self = .composer(context: context, problem: problem, mark: mark)
        default: self = .memory
        }
    }
}
