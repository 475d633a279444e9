import Yams

/// The one place where YAML text becomes `JSONValue`s, for every reader in SwiftFlux (plain
/// manifests, kubeconfigs, request bodies, kustomize): it cuts the stream into documents,
/// refuses what breaks `YAMLLimits` before parsing where it can, parses each document with
/// Yams, and converts it with the limits counted. Callers choose only how scalars resolve.
public enum YAMLReader {
    /// How a scalar becomes JSON, given its node and resolved tag.
    public typealias ScalarResolver = (Node.Scalar, Tag) -> JSONValue

    /// The documents of `text` that are not empty, with the lines they start on.
    public static func documents(
        _ text: String, limits: YAMLLimits = .current, resolve: @escaping ScalarResolver
    ) throws(YAMLConversionError) -> [YAMLDocument] {
        try documents(text, limits: limits, resolve: resolve) { _, _ in () }.map(\.document)
    }

    /// The documents of `text` that are not empty, each also handed with its parsed node to
    /// `inspect`, which may adjust the value and returns what the caller wants to keep from
    /// the node (kustomize reads how nulls and annotations were written).
    public static func documents<Extra>(
        _ text: String, limits: YAMLLimits = .current, resolve: @escaping ScalarResolver,
        inspect: (Node, inout JSONValue) -> Extra
    ) throws(YAMLConversionError) -> [(document: YAMLDocument, extra: Extra)] {
        var text = text
        let outcome: Result<[(document: YAMLDocument, extra: Extra)], YAMLConversionError> = text.withUTF8 { bytes in
            do throws(YAMLConversionError) {
                return .success(try documents(bytes, limits: limits, resolve: resolve, inspect: inspect))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    static func documents<Extra>(
        _ bytes: UnsafeBufferPointer<UInt8>, limits: YAMLLimits, resolve: @escaping ScalarResolver,
        inspect: (Node, inout JSONValue) -> Extra
    ) throws(YAMLConversionError) -> [(document: YAMLDocument, extra: Extra)] {
        guard bytes.count <= limits.maxStreamBytes else {
            throw YAMLConversionError.limit(
                .streamSize,
                "the YAML is \(ByteSize.approximate(bytes.count)), more than the limit of \(ByteSize(bytes: limits.maxStreamBytes))",
                line: nil)
        }
        var result: [(document: YAMLDocument, extra: Extra)] = []
        var parsedDocuments = 0
        for chunk in YAMLDocumentSplitter.chunks(bytes) {
            let firstLine = chunk.contentLine ?? chunk.firstLine
            guard chunk.range.count <= limits.maxDocumentBytes else {
                throw YAMLConversionError.limit(
                    .documentSize,
                    "the document is \(ByteSize.approximate(chunk.range.count)), more than the limit of \(ByteSize(bytes: limits.maxDocumentBytes))",
                    line: firstLine)
            }
            let slice = UnsafeBufferPointer(rebasing: bytes[chunk.range])
            if let line = YAMLAliasKeyGuard.riskyKeyLine(slice) {
                throw YAMLConversionError.limit(
                    .complexKeys,
                    "a mapping key that is an alias or a collection, in a document that uses aliases, is refused (Kubernetes objects have string keys only)",
                    line: line + chunk.firstLine - 1)
            }
            let lineOffset = chunk.firstLine - 1
            let source = String(decoding: slice, as: UTF8.self)
            do {
                let parser = try Parser(yaml: source)
                while let node = try parser.nextRoot() {
                    parsedDocuments += 1
                    guard parsedDocuments <= limits.maxDocuments else {
                        throw YAMLConversionError.limit(
                            .documentCount, "the stream has more than \(limits.maxDocuments) documents",
                            line: node.mark.map { $0.line + lineOffset })
                    }
                    var converter = YAMLTreeConverter(limits: limits, lineOffset: lineOffset, resolve: resolve)
                    var value = try converter.convert(node)
                    if value.isNull { continue }
                    let extra = inspect(node, &value)
                    result.append((YAMLDocument(value: value, line: (node.mark?.line ?? 1) + lineOffset), extra))
                }
            } catch let error as YAMLConversionError {
                throw error
            } catch let error as YamlError {
                var converted = YAMLConversionError(yamlError: error)
                converted.line = converted.line.map { $0 + lineOffset }
                throw converted
            } catch {
                throw YAMLConversionError(message: "\(error)", line: firstLine)
            }
        }
        return result
    }
}
