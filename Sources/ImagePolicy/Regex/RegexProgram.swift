/// A compiled regular expression run as a Thompson NFA (the Pike VM of RE2 and Go): every
/// match takes time proportional to the tag's length times the program's size, whatever the
/// expression, so a pattern such as `^(a+)+$` cannot make fluxd spin.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case scalars([UInt32])
        case any(matchesNewline: Bool)
        case characterClass(RegexClass)
        case assertion(RegexAssertion)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// The largest program compiled; bigger expressions (large repeat counts nested) are refused.
    static let maxInstructions = 10_000

    private(set) var instructions: [Instruction] = []

    init(_ node: RegexNode) throws(RegexSyntaxError) {
        try emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) throws(RegexSyntaxError) -> Int {
        guard instructions.count < Self.maxInstructions else {
            throw RegexSyntaxError(message: "expression too large")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty:
            break
        case .literal(let scalars):
            _ = try append(.scalars(scalars))
        case .anyCharacter(let newline):
            _ = try append(.any(matchesNewline: newline))
        case .characterClass(let item):
            _ = try append(.characterClass(item))
        case .assertion(let assertion):
            _ = try append(.assertion(assertion))
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index == branches.count - 1 {
                    try emit(branch)
                } else {
                    let split = try append(.split(0, 0))
                    try emit(branch)
                    jumps.append(try append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                for _ in min..<max {
                    // x? : split(x, next)
                    let split = try append(.split(0, 0))
                    try emit(inner)
                    instructions[split] = .split(split + 1, instructions.count)
                }
            } else {
                // x* : L: split(x, out); x; jump L
                let split = try append(.split(0, 0))
                try emit(inner)
                _ = try append(.jump(split))
                instructions[split] = .split(split + 1, instructions.count)
            }
        }
    }

    /// Whether the expression matches somewhere in `text` (unanchored, like Go's `MatchString`).
    func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        var current = ThreadList(capacity: instructions.count)
        var next = ThreadList(capacity: instructions.count)
        for position in 0...input.count {
            // Unanchored: a new thread starts at every position.
            if add(0, to: &current, at: position, in: input) { return true }
            guard position < input.count else { break }
            let scalar = input[position]
            next.clear()
            for pc in current.members {
                let advances: Bool
                switch instructions[pc] {
                case .scalars(let values): advances = values.contains(scalar.value)
                case .any(let newline): advances = newline || scalar != "\n"
                case .characterClass(let item): advances = item.contains(scalar)
                default: advances = false
                }
                if advances, add(pc + 1, to: &next, at: position + 1, in: input) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Follows jumps, splits and assertions from `start`; whether a `match` is reached.
    private func add(_ start: Int, to list: inout ThreadList, at position: Int, in input: [Unicode.Scalar]) -> Bool {
        var stack = [start]
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch instructions[pc] {
            case .match:
                return true
            case .jump(let target):
                stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assertion(let assertion):
                if holds(assertion, at: position, in: input) { stack.append(pc + 1) }
            case .scalars, .any, .characterClass:
                break
            }
        }
        return false
    }

    private func holds(_ assertion: RegexAssertion, at position: Int, in input: [Unicode.Scalar]) -> Bool {
        let previous = position > 0 ? input[position - 1] : nil
        let next = position < input.count ? input[position] : nil
        switch assertion {
        case .beginText: return position == 0
        case .endText: return position == input.count
        case .beginLine: return previous == nil || previous == "\n"
        case .endLine: return next == nil || next == "\n"
        case .wordBoundary: return isWord(previous) != isWord(next)
        case .notWordBoundary: return isWord(previous) == isWord(next)
        }
    }

    private func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar, scalar.isASCII else { return false }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

/// The set of program counters live at one input position, in insertion order.
private struct ThreadList {
    private var seen: [Bool]
    private(set) var members: [Int] = []

    init(capacity: Int) { seen = Array(repeating: false, count: capacity) }

    mutating func insert(_ pc: Int) -> Bool {
        guard !seen[pc] else { return false }
        seen[pc] = true
        members.append(pc)
        return true
    }

    mutating func clear() {
        for pc in members { seen[pc] = false }
        members.removeAll(keepingCapacity: true)
    }
}
