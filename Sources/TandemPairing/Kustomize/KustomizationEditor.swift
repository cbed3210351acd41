/// Edits a kustomization.yaml the way a person would with `kustomize edit`, changing only the
/// lines the release needs: the image's `newTag`, a configMapGenerator literal, a resource entry.
/// Every other byte (comments, order, quoting, blank lines, CRLF) stays as it was. Pure.
public struct KustomizationEditor: Sendable {
    /// Path of the file, for errors and edit listings.
    public let file: String
    var yaml: YAMLLines

    public init(text: String, file: String) {
        self.file = file
        yaml = YAMLLines(text)
    }

    public var text: String { yaml.text }

    /// Sets `newTag: <tag>` on the `images:` entry whose `name` is `image`, adding the key under
    /// the entry's name when it has none. Nil when the tag is already that.
    @discardableResult
    public mutating func setImageTag(image: String, tag: String) throws -> KustomizationEdit? {
        guard let images = yaml.key("images", indent: 0, in: 0..<yaml.lines.count) else {
            throw KustomizationEditError.noImagesEntry(file: file, image: image)
        }
        try requireBlock(images, what: "images")
        for item in yaml.items(in: yaml.block(of: images.line)) {
            guard let name = yaml.itemValue("name", item: item), name.value.value == image else { continue }
            if let current = yaml.itemValue("newTag", item: item) {
                return replace(current, with: tag)
            }
            let padding = String(repeating: " ", count: item.keyColumn)
            return insert(padding + "newTag: " + YAMLScalarText.rendering(tag, like: name.value), after: name.line)
        }
        throw KustomizationEditError.noImagesEntry(file: file, image: image, line: images.line + 1)
    }

    /// Sets the literal `key=value` of the configMapGenerator named `generator`, in the quoting the
    /// literal already uses (outside and inside: `- BACKEND_HOST="backend-active"` stays quoted).
    @discardableResult
    public mutating func setLiteral(generator: String, key: String, value: String) throws -> KustomizationEdit? {
        guard let generators = yaml.key("configMapGenerator", indent: 0, in: 0..<yaml.lines.count) else {
            throw KustomizationEditError.noGenerator(file: file, name: generator)
        }
        try requireBlock(generators, what: "configMapGenerator")
        for item in yaml.items(in: yaml.block(of: generators.line)) {
            guard let name = yaml.itemValue("name", item: item), name.value.value == generator else { continue }
            guard let literals = yaml.key("literals", indent: item.keyColumn, in: item.lines)
                    ?? dashLineKey("literals", item: item) else {
                throw KustomizationEditError.noLiteral(file: file, generator: generator, key: key, line: item.dash + 1)
            }
            try requireBlock(literals, what: "literals of \(generator)")
            for literal in yaml.items(in: yaml.block(of: literals.line)) {
                let afterDash = yaml.content(literal.dash).dropFirst(literal.keyColumn)
                guard let scalar = YAMLScalarText(after: afterDash) else { continue }
                guard let equals = scalar.value.firstIndex(of: "="), String(scalar.value[..<equals]) == key else { continue }
                let oldValue = scalar.value[scalar.value.index(after: equals)...]
                let newValue = LiteralValue.rendering(value, like: oldValue)
                return replace((literal.dash, scalar), with: key + "=" + newValue)
            }
            throw KustomizationEditError.noLiteral(file: file, generator: generator, key: key, line: literals.line + 1)
        }
        throw KustomizationEditError.noGenerator(file: file, name: generator, line: generators.line + 1)
    }

    /// The data of the configMapGenerator named `generator` as kustomize builds it from its
    /// literals (`KEY=value`, one pair of surrounding quotes stripped from the value): what the
    /// ConfigMap's hash suffix is computed from. Throws when the generator also reads `files` or
    /// `envs` (their contents are not in this file) or turns the name suffix off
    /// (`disableNameSuffixHash: true` in its `options` or in `generatorOptions`). Labels,
    /// annotations and `immutable` do not enter kustomize's hash.
    public func generatorData(_ generator: String) throws -> [String: String] {
        guard let generators = yaml.key("configMapGenerator", indent: 0, in: 0..<yaml.lines.count) else {
            throw KustomizationEditError.noGenerator(file: file, name: generator)
        }
        try requireBlock(generators, what: "configMapGenerator")
        if let options = yaml.key("generatorOptions", indent: 0, in: 0..<yaml.lines.count),
           let line = disableNameSuffixHashLine(in: yaml.block(of: options.line)) {
            throw KustomizationEditError.unsupportedGenerator(file: file, line: line + 1, generator: generator,
                                                              field: "generatorOptions.disableNameSuffixHash")
        }
        for item in yaml.items(in: yaml.block(of: generators.line)) {
            guard let name = yaml.itemValue("name", item: item), name.value.value == generator else { continue }
            for source in ["files", "envs"] {
                if let found = yaml.key(source, indent: item.keyColumn, in: item.lines) ?? dashLineKey(source, item: item) {
                    throw KustomizationEditError.unsupportedGenerator(file: file, line: found.line + 1, generator: generator, field: source)
                }
            }
            if let line = suffixHashDisabled(item: item) {
                throw KustomizationEditError.unsupportedGenerator(file: file, line: line + 1, generator: generator,
                                                                  field: "options.disableNameSuffixHash")
            }
            var data: [String: String] = [:]
            guard let literals = yaml.key("literals", indent: item.keyColumn, in: item.lines) ?? dashLineKey("literals", item: item) else {
                return data
            }
            try requireBlock(literals, what: "literals of \(generator)")
            for literal in yaml.items(in: yaml.block(of: literals.line)) {
                let afterDash = yaml.content(literal.dash).dropFirst(literal.keyColumn)
                guard let scalar = YAMLScalarText(after: afterDash), let equals = scalar.value.firstIndex(of: "=") else {
                    throw KustomizationEditError.notBlockStyle(file: file, line: literal.dash + 1, what: "a literal of \(generator)")
                }
                var value = scalar.value[scalar.value.index(after: equals)...]
                for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
                    value = value.dropFirst().dropLast()
                    break
                }
                data[String(scalar.value[..<equals])] = String(value)
            }
            return data
        }
        throw KustomizationEditError.noGenerator(file: file, name: generator, line: generators.line + 1)
    }

    /// Adds `path` to `resources:` (creating the list at the end of the file when there is none).
    /// Nil when it is listed already.
    @discardableResult
    public mutating func addResource(_ path: String) throws -> KustomizationEdit? {
        guard let resources = yaml.key("resources", indent: 0, in: 0..<yaml.lines.count) else {
            let entry = "- " + YAMLScalarText.rendering(path, like: nil)
            yaml.insertLine("resources:", after: yaml.lines.count - 1)
            yaml.insertLine(entry, after: yaml.lines.count - 1)
            return KustomizationEdit(file: file, line: yaml.lines.count, old: nil, new: entry)
        }
        try requireBlock(resources, what: "resources")
        let items = yaml.items(in: yaml.block(of: resources.line))
        for item in items {
            if YAMLScalarText(after: yaml.content(item.dash).dropFirst(item.keyColumn))?.value == path { return nil }
        }
        let dashIndent = items.first.map { yaml.indent($0.dash) } ?? 0
        let column = items.first?.keyColumn ?? 2
        let style = items.first.flatMap { YAMLScalarText(after: yaml.content($0.dash).dropFirst($0.keyColumn)) }
        let line = String(repeating: " ", count: dashIndent) + "-" + String(repeating: " ", count: column - dashIndent - 1)
            + YAMLScalarText.rendering(path, like: style)
        let last = items.last.map { lastStructuralLine(in: $0.lines) } ?? resources.line
        return insert(line, after: last)
    }

    /// The entries of `resources:` in order (empty when there is none).
    public func resources() throws -> [String] {
        guard let resources = yaml.key("resources", indent: 0, in: 0..<yaml.lines.count) else { return [] }
        try requireBlock(resources, what: "resources")
        return yaml.items(in: yaml.block(of: resources.line)).compactMap {
            YAMLScalarText(after: yaml.content($0.dash).dropFirst($0.keyColumn))?.value
        }
    }

    /// Removes the entry `path` from `resources:` (its line only; a comment line above it stays).
    /// Nil when it is not listed.
    @discardableResult
    public mutating func removeResource(_ path: String) throws -> KustomizationEdit? {
        guard let resources = yaml.key("resources", indent: 0, in: 0..<yaml.lines.count) else { return nil }
        try requireBlock(resources, what: "resources")
        for item in yaml.items(in: yaml.block(of: resources.line))
        where YAMLScalarText(after: yaml.content(item.dash).dropFirst(item.keyColumn))?.value == path {
            let old = String(yaml.content(item.dash))
            yaml.removeLine(item.dash)
            return KustomizationEdit(file: file, line: item.dash + 1, old: old, new: nil)
        }
        return nil
    }

    // MARK: - Line surgery

    func requireBlock(_ key: (line: Int, rest: Substring), what: String) throws {
        let rest = key.rest.drop { $0 == " " || $0 == "\t" }
        if !rest.isEmpty && !rest.hasPrefix("#") {
            throw KustomizationEditError.notBlockStyle(file: file, line: key.line + 1, what: what)
        }
    }

    /// `- literals:` on the dash line itself (a generator written with literals first).
    func dashLineKey(_ key: String, item: (dash: Int, keyColumn: Int, lines: Range<Int>)) -> (line: Int, rest: Substring)? {
        var text = yaml.content(item.dash).dropFirst(item.keyColumn)
        guard YAMLLines.keyName(&text) == key else { return nil }
        return (item.dash, text)
    }

    func lastStructuralLine(in range: Range<Int>) -> Int {
        range.last(where: yaml.isStructural) ?? range.lowerBound
    }

    mutating func replace(_ target: (line: Int, value: YAMLScalarText), with value: String) -> KustomizationEdit? {
        guard target.value.value != value else { return nil }
        // The scalar's range indexes this line's own text, so edit that text, not a copy of it.
        var content = yaml.content(target.line)
        let old = String(content)
        content.replaceSubrange(target.value.range, with: target.value.rendering(value))
        yaml.replaceLine(target.line, with: String(content))
        return KustomizationEdit(file: file, line: target.line + 1, old: old, new: String(content))
    }

    mutating func insert(_ line: String, after index: Int) -> KustomizationEdit {
        yaml.insertLine(line, after: index)
        return KustomizationEdit(file: file, line: index + 2, old: nil, new: line)
    }
}

extension YAMLScalarText {
    /// `value` in the style of `example` (plain when there is no example and plain is safe).
    static func rendering(_ value: String, like example: YAMLScalarText?) -> String {
        guard let example else { return isSafePlain(value) ? value : doubleQuoted(value) }
        return example.rendering(value)
    }
}

/// The value part of a `KEY=value` literal: kustomize strips one pair of surrounding quotes, so a
/// value written quoted (`"backend-active"`) is written quoted again.
enum LiteralValue {
    static func rendering(_ value: String, like old: Substring) -> String {
        for quote in ["\"", "'"] where old.count >= 2 && old.hasPrefix(quote) && old.hasSuffix(quote) {
            return quote + value + quote
        }
        return value
    }
}
