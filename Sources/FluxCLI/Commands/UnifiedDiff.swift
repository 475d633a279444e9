/// A line diff in `diff -u` format, computed with Myers' O(ND) algorithm. Pure, so it is
/// tested without a cluster.
enum UnifiedDiff {
    enum Edit: Equatable {
        case equal(String)
        case delete(String)
        case insert(String)
    }

    /// Beyond this many differing lines the diff is shown as "everything removed, everything
    /// added" (Myers' trace would need D² memory).
    static let maximumDistance = 4000

    /// `diff -u` text for two texts, or `nil` when they are equal.
    static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String? {
        let edits = edits(lines(old), lines(new))
        guard edits.contains(where: { if case .equal = $0 { false } else { true } }) else { return nil }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(edits, context: context) { output += hunk }
        return output
    }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The shortest edit script turning `a` into `b`.
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let limit = min(n + m, maximumDistance)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds v[-d...d] before round d (what backtracking needs).
        var trace: [[Int]] = []
        var distance: Int?
        search: for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    distance = d
                    break search
                }
            }
        }
        guard let distance else {
            return a.map(Edit.delete) + b.map(Edit.insert)
        }
        var result: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: distance, through: 0, by: -1) {
            let row = trace[d]
            func at(_ k: Int) -> Int { row[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                result.append(.equal(a[x - 1]))
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                result.append(.insert(b[y - 1]))
                y -= 1
            } else {
                result.append(.delete(a[x - 1]))
                x -= 1
            }
        }
        return result.reversed()
    }

    /// Groups edits into `@@` hunks with `context` lines around changes, merging hunks whose
    /// context would overlap, and numbers them as GNU diff does.
    static func hunks(_ edits: [Edit], context: Int) -> [String] {
        var oldPosition: [Int] = []
        var newPosition: [Int] = []
        var oldLine = 0
        var newLine = 0
        for edit in edits {
            oldPosition.append(oldLine)
            newPosition.append(newLine)
            switch edit {
            case .equal:
                oldLine += 1
                newLine += 1
            case .delete: oldLine += 1
            case .insert: newLine += 1
            }
        }
        let changes = edits.indices.filter { if case .equal = edits[$0] { false } else { true } }
        var ranges: [(Int, Int)] = []
        for index in changes {
            let start = max(0, index - context)
            let end = min(edits.count, index + context + 1)
            if let last = ranges.last, start <= last.1 {
                ranges[ranges.count - 1].1 = end
            } else {
                ranges.append((start, end))
            }
        }
        return ranges.map { start, end in
            var oldCount = 0
            var newCount = 0
            var body = ""
            for edit in edits[start..<end] {
                switch edit {
                case .equal(let line):
                    oldCount += 1
                    newCount += 1
                    body += " \(line)\n"
                case .delete(let line):
                    oldCount += 1
                    body += "-\(line)\n"
                case .insert(let line):
                    newCount += 1
                    body += "+\(line)\n"
                }
            }
            func range(_ start: Int, _ count: Int) -> String {
                switch count {
                case 0: "\(start),0"
                case 1: "\(start + 1)"
                default: "\(start + 1),\(count)"
                }
            }
            return "@@ -\(range(oldPosition[start], oldCount)) +\(range(newPosition[start], newCount)) @@\n" + body
        }
    }
}
