/// The `options:` of a configMapGenerator: the labels and annotations kustomize puts on the
/// ConfigMap it generates. Neither enters kustomize's name hash (checked against `kubectl
/// kustomize`), so tandem records there what the pairing report and Argo CD need to know about
/// the ConfigMap without changing its name.
extension KustomizationEditor {
    /// Sets each label and annotation in the `options:` of the configMapGenerator named
    /// `generator`, adding `options:`, `labels:` or `annotations:` (below the generator's last
    /// line, two columns deeper than its keys) where they are missing. A key already there keeps
    /// its line, quoting and comment; only its value changes. Returns the changed or added lines.
    @discardableResult
    public mutating func setGeneratorOptions(generator: String, labels: [(key: String, value: String)],
                                             annotations: [(key: String, value: String)]) throws -> [KustomizationEdit] {
        var edits: [KustomizationEdit] = []
        for (map, entries) in [("labels", labels), ("annotations", annotations)] {
            for entry in entries {
                edits += try setOption(generator: generator, map: map, key: entry.key, value: entry.value)
            }
        }
        return edits
    }

    /// The value of `options.annotations.<key>` of the generator (nil when it has none).
    public func generatorAnnotation(generator: String, key: String) throws -> String? {
        let item = try generatorItem(generator)
        guard let options = optionsKey(item: item), let map = mapKey("annotations", in: options),
              let entry = entryKey(key, in: map) else { return nil }
        return YAMLScalarText(after: entry.rest)?.value
    }

    private mutating func setOption(generator: String, map name: String, key: String, value: String) throws -> [KustomizationEdit] {
        let item = try generatorItem(generator)
        guard let options = optionsKey(item: item) else {
            let pad = String(repeating: " ", count: item.keyColumn)
            let after = lastStructuralLine(in: item.lines)
            let lines = [pad + "options:", pad + "  " + name + ":", pad + "    " + Self.entry(key, value)]
            return inserting(lines, after: after)
        }
        try requireBlock((options.line, options.rest), what: "options of \(generator)")
        guard let map = mapKey(name, in: options) else {
            let pad = String(repeating: " ", count: options.childColumn)
            let after = lastStructuralLine(in: options.line..<yaml.block(of: options.line).upperBound)
            return inserting([pad + name + ":", pad + "  " + Self.entry(key, value)], after: after)
        }
        try requireBlock((map.line, map.rest), what: "options.\(name) of \(generator)")
        guard let entry = entryKey(key, in: map) else {
            let after = lastStructuralLine(in: map.line..<yaml.block(of: map.line).upperBound)
            return [insert(String(repeating: " ", count: map.childColumn) + Self.entry(key, value), after: after)]
        }
        guard let scalar = YAMLScalarText(after: entry.rest) else {
            throw KustomizationEditError.notBlockStyle(file: file, line: entry.line + 1, what: "options.\(name).\(key) of \(generator)")
        }
        return replace((entry.line, scalar), with: value).map { [$0] } ?? []
    }

    /// Inserts `lines` in order after line `after`.
    private mutating func inserting(_ lines: [String], after: Int) -> [KustomizationEdit] {
        lines.enumerated().map { offset, line in insert(line, after: after + offset) }
    }

    /// `key: value` with both written as YAML reads them back as these strings.
    private static func entry(_ key: String, _ value: String) -> String {
        YAMLScalarText.rendering(key, like: nil) + ": " + YAMLScalarText.rendering(value, like: nil)
    }

    // MARK: - Finding the keys

    /// A key whose value is a block map: its line, the text after its colon, and the column its entries start at.
    typealias MapKey = (line: Int, rest: Substring, childColumn: Int)

    func generatorItem(_ generator: String) throws -> (dash: Int, keyColumn: Int, lines: Range<Int>) {
        guard let generators = yaml.key("configMapGenerator", indent: 0, in: 0..<yaml.lines.count) else {
            throw KustomizationEditError.noGenerator(file: file, name: generator)
        }
        try requireBlock(generators, what: "configMapGenerator")
        for item in yaml.items(in: yaml.block(of: generators.line)) {
            if let name = yaml.itemValue("name", item: item), name.value.value == generator { return item }
        }
        throw KustomizationEditError.noGenerator(file: file, name: generator, line: generators.line + 1)
    }

    private func optionsKey(item: (dash: Int, keyColumn: Int, lines: Range<Int>)) -> MapKey? {
        guard let found = yaml.key("options", indent: item.keyColumn, in: item.lines) ?? dashLineKey("options", item: item) else { return nil }
        return (found.line, found.rest, childColumn(of: found.line, column: item.keyColumn))
    }

    private func mapKey(_ name: String, in parent: MapKey) -> MapKey? {
        guard let found = yaml.key(name, indent: parent.childColumn, in: yaml.block(of: parent.line)) else { return nil }
        return (found.line, found.rest, childColumn(of: found.line, column: parent.childColumn))
    }

    private func entryKey(_ key: String, in map: MapKey) -> (line: Int, rest: Substring)? {
        yaml.key(key, indent: map.childColumn, in: yaml.block(of: map.line))
    }

    /// The column of the first entry below the key on `line` (whose name starts at `column`); two
    /// deeper than the key when its block is empty.
    private func childColumn(of line: Int, column: Int) -> Int {
        yaml.block(of: line).first(where: yaml.isStructural).map(yaml.indent) ?? column + 2
    }

    /// The line of `disableNameSuffixHash: true` in the generator's `options`, if any.
    func suffixHashDisabled(item: (dash: Int, keyColumn: Int, lines: Range<Int>)) -> Int? {
        guard let options = optionsKey(item: item) else { return nil }
        return disableNameSuffixHashLine(in: yaml.block(of: options.line))
    }

    /// The line in `range` that sets `disableNameSuffixHash: true` (kustomize's name suffix off).
    func disableNameSuffixHashLine(in range: Range<Int>) -> Int? {
        for index in range where yaml.isStructural(index) {
            var text = yaml.content(index).dropFirst(yaml.indent(index))
            guard YAMLLines.keyName(&text) == "disableNameSuffixHash" else { continue }
            if YAMLScalarText(after: text)?.value.lowercased() == "true" { return index }
        }
        return nil
    }
}
