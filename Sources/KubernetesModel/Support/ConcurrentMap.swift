/// Runs `body` for every element with at most `limit` running at once, returning the results in
/// the input's order. Structured: all work finishes (or is cancelled) before it returns. The
/// one bounded concurrent map of SwiftFlux (apply and prune, manifest decoding, kustomize file
/// reads, registry metadata, pull-secret lookups).
public func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    var results = [Result?](repeating: nil, count: elements.count)
    await concurrentForEach(elements, limit: limit, body) { index, result in
        results[index] = result
        return true
    }
    return results.compactMap { $0 }
}

/// The loop under `concurrentMap`: runs `body` for the elements in order, at most `limit` at
/// once, and hands each result with its element's index to `collect` as it finishes (on the
/// caller's task, one at a time). Once `collect` returns false no further element is started;
/// those running finish and are collected. The manifest loader uses this to stop reading
/// files once a load's totals pass its limits.
public func concurrentForEach<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async -> Result,
    collect: (_ index: Int, _ result: Result) -> Bool
) async {
    guard !elements.isEmpty else { return }
    await withTaskGroup(of: (Int, Result).self) { group in
        var next = 0
        var starting = true
        func startNext() {
            guard starting, next < elements.count else { return }
            let index = next
            group.addTask { (index, await body(elements[index])) }
            next += 1
        }
        for _ in 0..<min(max(limit, 1), elements.count) { startNext() }
        while let (index, result) = await group.next() {
            if !collect(index, result) { starting = false }
            startNext()
        }
    }
}
