/// YAML forbids a key twice in one mapping. Keys are equal when their values and resolved tags
/// are (so `a` and `'a'` collide, `!x a` and `a` do not); the error names the duplicated keys
/// sorted, at the first occurrence of the first one, as Yams reports it.
enum DuplicateKeys {
    static func check(_ pairs: [Node.Mapping.Element]) throws(YAMLComposeError) {
        guard pairs.count > 1 else { return }
        var duplicated: [Int] = []  // index of the first occurrence of each duplicated key
        if pairs.count <= 16 {
            for index in 1..<pairs.count {
                if let first = (0..<index).first(where: { equal(pairs[$0].key, pairs[index].key) }), !duplicated.contains(first) {
                    duplicated.append(first)
                }
            }
        } else {
            var seen: [Key: Int] = [:]
            var reported: Set<Int> = []
            for index in pairs.indices {
                let key = Key(pairs[index].key)
                if let first = seen[key] {
                    if equal(pairs[first].key, pairs[index].key), reported.insert(first).inserted { duplicated.append(first) }
                } else {
                    seen[key] = index
                }
            }
        }
        guard !duplicated.isEmpty else { return }
        let keys = duplicated.map { pairs[$0].key }.sorted(by: less)
        throw .duplicatedKeys(keys.map { $0.string ?? "<uncovertable>" }, mark: keys[0].mark ?? Node.Mark(line: 0, column: 0))
    }

    /// A cheap hash key: scalars by text and tag; collections by kind and size (then compared in full).
    private struct Key: Hashable {
        let text: String
        let tag: String
        let size: Int

        init(_ node: Node) {
            switch node {
            case .scalar(let scalar): (text, tag, size) = (scalar.string, scalar.tag, -1)
            case .mapping(let mapping): (text, tag, size) = ("", node.tag, mapping.count)
            case .sequence(let sequence): (text, tag, size) = ("", node.tag, sequence.count)
            }
        }
    }

    static func equal(_ lhs: Node, _ rhs: Node) -> Bool {
        guard lhs.tag == rhs.tag else { return false }
        switch (lhs, rhs) {
        case let (.scalar(left), .scalar(right)):
            return left.string == right.string
        case let (.sequence(left), .sequence(right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case let (.mapping(left), .mapping(right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0.key, $1.key) && equal($0.value, $1.value) }
        default:
            return false
        }
    }

    /// Yams' key order: scalars by text, collections element by element; kinds do not order.
    static func less(_ lhs: Node, _ rhs: Node) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(left), .scalar(right)):
            return left.string < right.string
        case let (.sequence(left), .sequence(right)):
            return lexicographicallyLess(Array(left), Array(right))
        case let (.mapping(left), .mapping(right)):
            return lexicographicallyLess(left.map(\.key), right.map(\.key))
        default:
            return false
        }
    }

    private static func lexicographicallyLess(_ lhs: [Node], _ rhs: [Node]) -> Bool {
        for (left, right) in zip(lhs, rhs) {
            if less(left, right) { return true }
            if less(right, left) { return false }
        }
        return lhs.count < rhs.count
    }
}
