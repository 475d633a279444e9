extension JSONValue {
    /// Whether objects and arrays nest more than `limit` levels (the value itself is level 1).
    /// Walks with an explicit stack, so any depth the parser accepted is safe to check.
    public func nestingDepth(exceeds limit: Int) -> Bool {
        var stack: [(JSONValue, Int)] = [(self, 1)]
        while let (value, depth) = stack.popLast() {
            switch value {
            case .array(let elements):
                if depth > limit { return true }
                for element in elements { stack.append((element, depth + 1)) }
            case .object(let object):
                if depth > limit { return true }
                for (_, member) in object { stack.append((member, depth + 1)) }
            default:
                continue
            }
        }
        return false
    }
}
