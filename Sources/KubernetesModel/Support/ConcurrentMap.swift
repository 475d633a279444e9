/// Runs `body` for every element with at most `limit` running at once, returning the results in
/// the input's order. Structured: all work finishes (or is cancelled) before it returns. The
/// one bounded concurrent map of SwiftFlux (apply and prune, manifest decoding, registry
/// metadata, pull-secret lookups).
public func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    guard !elements.isEmpty else { return [] }
    return await withTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: elements.count)
        var next = 0
        for _ in 0..<min(max(limit, 1), elements.count) {
            let index = next
            group.addTask { (index, await body(elements[index])) }
            next += 1
        }
        while let (index, result) = await group.next() {
            results[index] = result
            if next < elements.count {
                let index = next
                group.addTask { (index, await body(elements[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
