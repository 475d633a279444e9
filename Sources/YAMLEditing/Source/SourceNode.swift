import KubernetesModel
import Yams

/// A YAML node with the byte offset where it starts in the source text.
///
/// Built from the Yams composer's tree (which only knows where nodes start); the ends of the
/// values that get edited are found by `ScalarScanner`, by reading the source bytes.
struct SourceNode: Sendable {
    enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    struct Entry: Sendable {
        var key: SourceNode
        var value: SourceNode
    }

    enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case mapping([Entry])
        case sequence([SourceNode])
        case alias
    }

    var content: Content
    /// Byte offset of the node's first character (its anchor or tag when it has one).
    var start: Int
    /// 1-based line and column of the node, for messages.
    var line: Int
    var column: Int
    /// Whether the node is a flow collection (`{…}` / `[…]`).
    var isFlowCollection: Bool
    /// Whether the node sits inside a flow collection (its scalars end at `,`, `]`, `}`).
    var isInFlow: Bool
    /// For a document's root: the document as the API server would read it (YAML 1.1
    /// scalars, merge keys); `.null` for the nodes below.
    var value: JSONValue = .null

    var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    var items: [SourceNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var scalarValue: String? {
        if case .scalar(let value, _) = content { return value }
        return nil
    }

    var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = content { return style }
        return nil
    }

    /// The entry whose key is the scalar `key`.
    func entry(_ key: String) -> Entry? {
        entries?.first { $0.key.scalarValue == key }
    }

    /// The value of the entry whose key is the scalar `key`.
    subscript(key: String) -> SourceNode? { entry(key)?.value }

    /// Follows a path of mapping keys.
    subscript(path path: [String]) -> SourceNode? {
        var node: SourceNode? = self
        for key in path { node = node?[key] }
        return node
    }
}

extension SourceNode {
    /// The root nodes of every document in `source`, with the document's 1-based start line.
    /// Empty documents are skipped.
    static func documents(in source: SourceText, text: String) throws(YAMLEditError) -> [SourceNode] {
        // The tree below expands aliases: first the limits every reader applies (alias
        // expansion, depth, sizes), so a hostile file cannot exhaust memory in an edit either.
        do throws(YAMLConversionError) {
            _ = try YAMLReader.documents(text, resolve: { _, _ in .null })
        } catch {
            throw YAMLEditError(.invalidYAML, line: error.line, message: error.message)
        }
        var roots: [SourceNode] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                var root = try SourceNode(node, source: source, inFlow: false)
                if case .scalar(let value, .plain) = root.content, value.isEmpty || value == "~" || value == "null" {
                    continue
                }
                do throws(YAMLConversionError) {
                    root.value = try JSONValue(yamlNode: node)
                } catch {
                    throw YAMLEditError(.invalidYAML, line: error.line, message: error.message)
                }
                roots.append(root)
            }
        } catch let error as YAMLEditError {
            throw error
        } catch let error as YamlError {
            throw YAMLEditError(yamlError: error)
        } catch {
            throw YAMLEditError(.invalidYAML, message: "\(error)")
        }
        return roots
    }

    init(_ node: Node, source: SourceText, inFlow: Bool) throws(YAMLEditError) {
        guard let mark = node.mark, let start = source.offset(line: mark.line, column: mark.column) else {
            throw YAMLEditError(.unsupportedLayout, line: node.mark?.line, message: "node position is out of range")
        }
        let opensFlow =
            start < source.bytes.count
            && (source.bytes[start] == UInt8(ascii: "{") || source.bytes[start] == UInt8(ascii: "["))
        line = mark.line
        column = mark.column
        self.start = start
        isInFlow = inFlow
        switch node {
        case .scalar(let scalar):
            isFlowCollection = false
            content = .scalar(scalar.string, ScalarStyle(scalar.style))
        case .mapping(let mapping):
            isFlowCollection = opensFlow
            var entries: [Entry] = []
            for (key, value) in mapping {
                entries.append(
                    Entry(
                        key: try SourceNode(key, source: source, inFlow: inFlow || opensFlow),
                        value: try SourceNode(value, source: source, inFlow: inFlow || opensFlow)))
            }
            content = .mapping(entries)
        case .sequence(let sequence):
            isFlowCollection = opensFlow
            var items: [SourceNode] = []
            for item in sequence { items.append(try SourceNode(item, source: source, inFlow: inFlow || opensFlow)) }
            content = .sequence(items)
        case .alias:
            isFlowCollection = false
            content = .alias
        }
    }
}

extension SourceNode.ScalarStyle {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        default: self = .plain
        }
    }
}
