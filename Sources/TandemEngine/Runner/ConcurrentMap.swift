extension Array where Element: Sendable {
    /// `transform` of every element, at most `width` running at once (a sliding window: the next starts as soon
    /// as one ends), returned in the elements' order. For many small requests whose round trips should overlap
    /// without crowding the API server.
    func concurrentMap<T: Sendable>(atMost width: Int, _ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            func startNext() {
                guard next < count else { return }
                let index = next, element = self[index]
                next += 1
                group.addTask { (index, await transform(element)) }
            }
            for _ in 0..<Swift.max(1, width) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
            return results.map { $0! }
        }
    }
}
