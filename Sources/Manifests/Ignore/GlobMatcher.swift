/// Matches a path against a gitignore glob. Unanchored patterns (no `/`) match the last path
/// component at any depth; anchored ones match the whole path from the pattern's base.
struct GlobMatcher: Sendable {
    enum Token: Sendable, Equatable {
        case literal(Character)
        case anyRun  // `*`: any characters except `/`
        case anyOne  // `?`: one character except `/`
        case set(negated: Bool, items: [SetItem])
        case anyDirectories  // `**/`: zero or more whole directories
        case anything  // trailing `/**` or a bare `**`: everything, across `/`
    }

    enum SetItem: Sendable, Equatable {
        case character(Character)
        case range(Character, Character)
    }

    let tokens: [Token]
    let anchored: Bool

    init(pattern: String, anchored: Bool) {
        self.anchored = anchored
        self.tokens = GlobMatcher.tokenize(Array(pattern))
    }

    func matches(_ path: Substring) -> Bool {
        let characters = Array(path)
        if anchored { return Self.match(tokens[...], characters[...]) }
        // Unanchored: try the pattern against every suffix that starts a path component.
        if Self.match(tokens[...], characters[...]) { return true }
        for (index, character) in characters.enumerated() where character == "/" {
            if Self.match(tokens[...], characters[(index + 1)...]) { return true }
        }
        return false
    }

    static func tokenize(_ pattern: [Character]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            switch character {
            case "\\":
                if index + 1 < pattern.count {
                    tokens.append(.literal(pattern[index + 1]))
                    index += 2
                } else {
                    index += 1
                }
            case "*":
                let isDouble = index + 1 < pattern.count && pattern[index + 1] == "*"
                let atStart = index == 0 || pattern[index - 1] == "/"
                if isDouble && atStart {
                    let after = index + 2
                    if after == pattern.count {
                        tokens.append(.anything)
                        index = after
                        continue
                    }
                    if pattern[after] == "/" {
                        tokens.append(.anyDirectories)
                        index = after + 1
                        continue
                    }
                }
                // Other `**` behave like `*`.
                tokens.append(.anyRun)
                index += isDouble ? 2 : 1
            case "?":
                tokens.append(.anyOne)
                index += 1
            case "[":
                if let parsed = parseSet(pattern, from: index) {
                    tokens.append(parsed.0)
                    index = parsed.1
                } else {
                    tokens.append(.literal("["))
                    index += 1
                }
            default:
                tokens.append(.literal(character))
                index += 1
            }
        }
        return tokens
    }

    static func parseSet(_ pattern: [Character], from start: Int) -> (Token, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var items: [SetItem] = []
        var first = true
        while index < pattern.count {
            let character = pattern[index]
            if character == "]" && !first { return (.set(negated: negated, items: items), index + 1) }
            first = false
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                items.append(.range(character, pattern[index + 2]))
                index += 3
            } else {
                items.append(.character(character))
                index += 1
            }
        }
        return nil
    }

    static func match(_ tokens: ArraySlice<Token>, _ text: ArraySlice<Character>) -> Bool {
        guard let token = tokens.first else { return text.isEmpty }
        let rest = tokens.dropFirst()
        switch token {
        case .literal(let character):
            guard let first = text.first, first == character else { return false }
            return match(rest, text.dropFirst())
        case .anyOne:
            guard let first = text.first, first != "/" else { return false }
            return match(rest, text.dropFirst())
        case .set(let negated, let items):
            guard let first = text.first, first != "/" else { return false }
            let contained = items.contains { item in
                switch item {
                case .character(let c): return c == first
                case .range(let low, let high): return low <= first && first <= high
                }
            }
            guard contained != negated else { return false }
            return match(rest, text.dropFirst())
        case .anyRun:
            var remaining = text
            while true {
                if match(rest, remaining) { return true }
                guard let first = remaining.first, first != "/" else { return false }
                remaining = remaining.dropFirst()
            }
        case .anything:
            return true
        case .anyDirectories:
            if match(rest, text) { return true }
            var remaining = text
            while let slash = remaining.firstIndex(of: "/") {
                remaining = remaining[(slash + 1)...]
                if match(rest, remaining) { return true }
            }
            return false
        }
    }
}
