import Yams

/// Turns one composed YAML document into a `JSONValue` within `YAMLLimits`: nesting depth and
/// the number of nodes produced by aliases and merge keys are counted as the tree is walked,
/// so an alias bomb fails after at most `maxAliasNodes` nodes instead of expanding.
///
/// Yams hands an alias back as the very node it names (shared, not copied), so an alias is
/// recognised as the second visit of an anchored node (same anchor, same position).
struct YAMLTreeConverter {
    let limits: YAMLLimits
    /// Added to Yams' document-relative lines.
    let lineOffset: Int
    /// How plain and quoted scalars become JSON (YAML 1.1 for `sigs.k8s.io/yaml`, 1.2 for kustomize).
    let resolve: (Node.Scalar, Tag) -> JSONValue

    private var seenAnchors: Set<String> = []
    /// How many aliases the walk is inside of.
    private var aliasDepth = 0
    private(set) var aliasNodes = 0

    init(limits: YAMLLimits, lineOffset: Int, resolve: @escaping (Node.Scalar, Tag) -> JSONValue) {
        self.limits = limits
        self.lineOffset = lineOffset
        self.resolve = resolve
    }

    mutating func convert(_ node: Node, depth: Int = 1) throws(YAMLConversionError) -> JSONValue {
        var enteredAlias = false
        if let anchor = node.anchor {
            let identity = "\(anchor.rawValue)@\(node.mark?.line ?? 0):\(node.mark?.column ?? 0)"
            if !seenAnchors.insert(identity).inserted {
                aliasDepth += 1
                enteredAlias = true
            }
        }
        defer { if enteredAlias { aliasDepth -= 1 } }
        if aliasDepth > 0 {
            aliasNodes += 1
            if aliasNodes > limits.maxAliasNodes {
                throw YAMLConversionError.limit(
                    .aliasNodes, "aliases expand to more than \(limits.maxAliasNodes) nodes in this document", line: line(node))
            }
        }
        switch node {
        case .scalar(let scalar):
            return resolve(scalar, node.tag)
        case .sequence(let sequence):
            try checkDepth(depth, node)
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try convert(element, depth: depth + 1)) }
            return .array(elements)
        case .mapping(let mapping):
            try checkDepth(depth, node)
            var object = JSONObject()
            // Keys written in this mapping: they override merged ones, and may not repeat.
            var explicitKeys: Set<String> = []
            for (keyNode, valueNode) in mapping {
                if keyNode.tag.rawValue == Tag.Name.merge.rawValue {
                    // `<<: *anchor` (or a list of them) merges keys not already present.
                    let merged = try convert(valueNode, depth: depth + 1)
                    for source in merged.arrayValue ?? [merged] {
                        for (key, value) in source.objectValue ?? JSONObject() where object[key] == nil {
                            object[key] = value
                        }
                    }
                    continue
                }
                guard case .scalar(let keyScalar) = keyNode else {
                    throw YAMLConversionError(message: "mapping keys must be scalars", line: line(keyNode), column: keyNode.mark?.column)
                }
                if aliasDepth > 0 { aliasNodes += 1 }
                let key = keyScalar.string
                guard explicitKeys.insert(key).inserted else {
                    throw YAMLConversionError(
                        message: "mapping key \"\(key)\" already defined", line: line(keyNode), column: keyNode.mark?.column)
                }
                object[key] = try convert(valueNode, depth: depth + 1)
            }
            return .object(object)
        case .alias:
            return .null
        }
    }

    private func checkDepth(_ depth: Int, _ node: Node) throws(YAMLConversionError) {
        guard depth > limits.maxDepth else { return }
        throw YAMLConversionError.limit(.depth, "mappings and sequences nest deeper than \(limits.maxDepth) levels", line: line(node))
    }

    private func line(_ node: Node) -> Int? { node.mark.map { $0.line + lineOffset } }
}
