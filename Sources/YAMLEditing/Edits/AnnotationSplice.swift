import ImagePolicy

extension YAMLEditor {
    /// The splice making one annotation change on a workload's node, or `nil` when the text
    /// already says it.
    static func annotationSplice(_ change: AnnotationChange, in workload: SourceNode, source: SourceText)
        throws(YAMLEditError) -> Splice?
    {
        guard let metadataEntry = workload.entry("metadata"), let metadataEntries = metadataEntry.value.entries,
            !metadataEntries.isEmpty
        else {
            throw YAMLEditError(.unsupportedLayout, line: workload.line, message: "metadata is not a mapping")
        }
        let metadata = metadataEntry.value
        let annotationsEntry = metadata.entry("annotations")
        let aliases = PolicyAnnotation.aliases(ofKey: change.key)
        let entries = annotationsEntry?.value.entries ?? []
        let existing = aliases.lazy.compactMap { alias in entries.first { $0.key.scalarValue == alias } }.first

        guard let value = change.value else {
            guard let annotationsEntry, let existing else { return nil }
            if entries.count == 1 { return try removal(of: annotationsEntry, from: metadata, source: source) }
            return try removal(of: existing, from: annotationsEntry.value, source: source)
        }
        if let existing {
            guard let style = existing.value.scalarStyle, !(style == .plain && existing.value.scalarValue == "") else {
                throw YAMLEditError(
                    .unsupportedLayout, line: existing.key.line, message: "annotation value is not a written scalar")
            }
            let range = try ScalarScanner.range(of: existing.value, in: source)
            let text = ScalarWriter.render(value, style: style, inFlow: existing.value.isInFlow)
            return source.string(range) == text ? nil : Splice(range, text)
        }
        if let annotationsEntry, !entries.isEmpty {
            return try insertion(key: change.key, value: value, into: annotationsEntry.value, source: source)
        }
        // No annotations, or an empty `annotations:` / `annotations: {}`: write a new block.
        let jsonStyle = metadataEntries.first?.key.scalarStyle == .doubleQuoted
        if metadata.isFlowCollection {
            let key = jsonStyle ? ScalarWriter.doubleQuoted(change.key) : render(change.key, inFlow: true)
            let text = jsonStyle ? ScalarWriter.doubleQuoted(value) : render(value, inFlow: true)
            let name = jsonStyle ? "\"annotations\"" : "annotations"
            if let annotationsEntry {
                guard annotationsEntry.value.isFlowCollection else {
                    throw YAMLEditError(
                        .unsupportedLayout, line: annotationsEntry.key.line, message: "annotations is not a mapping")
                }
                let end = try ScalarScanner.flowValueEnd(of: annotationsEntry.value, in: source)
                return Splice(annotationsEntry.value.start..<end, "{\(key): \(text)}")
            }
            let end = try ScalarScanner.flowValueEnd(of: metadataEntries[metadataEntries.count - 1].value, in: source)
            return Splice(end..<end, ", \(name): {\(key): \(text)}")
        }
        let indent = source.column(of: metadataEntries[0].key.start)
        let step = indent - source.column(of: metadataEntry.key.start)
        let lines = [
            String(repeating: " ", count: indent) + "annotations:",
            String(repeating: " ", count: indent + (step > 0 ? step : 2)) + render(change.key, inFlow: false) + ": "
                + render(value, inFlow: false),
        ]
        if let annotationsEntry {
            let range = try source.blockEntryLines(annotationsEntry)
            let inserted = source.insertLines(lines, at: range.upperBound)
            return Splice(range, bytes: inserted.replacement)
        }
        let range = try source.blockEntryLines(metadataEntries[metadataEntries.count - 1])
        return source.insertLines(lines, at: range.upperBound)
    }

    /// A new `key: value` entry after the last entry of a non-empty mapping.
    static func insertion(key: String, value: String, into mapping: SourceNode, source: SourceText)
        throws(YAMLEditError) -> Splice
    {
        let entries = mapping.entries ?? []
        guard let last = entries.last else {
            throw YAMLEditError(.unsupportedLayout, line: mapping.line, message: "mapping has no entries")
        }
        if mapping.isFlowCollection {
            let jsonStyle = last.key.scalarStyle == .doubleQuoted
            let keyText = jsonStyle ? ScalarWriter.doubleQuoted(key) : render(key, inFlow: true)
            let valueText = jsonStyle ? ScalarWriter.doubleQuoted(value) : render(value, inFlow: true)
            let end = try ScalarScanner.flowValueEnd(of: last.value, in: source)
            return Splice(end..<end, ", \(keyText): \(valueText)")
        }
        let indent = source.column(of: entries[0].key.start)
        let range = try source.blockEntryLines(last)
        let line = String(repeating: " ", count: indent) + render(key, inFlow: false) + ": " + render(value, inFlow: false)
        return source.insertLines([line], at: range.upperBound)
    }

    /// Removes one entry of a mapping: its whole lines in block style, the entry and one comma
    /// in flow style.
    static func removal(of entry: SourceNode.Entry, from mapping: SourceNode, source: SourceText)
        throws(YAMLEditError) -> Splice
    {
        let entries = mapping.entries ?? []
        guard mapping.isFlowCollection else {
            return Splice(source.deletionRange(forLines: try source.blockEntryLines(entry)), "")
        }
        guard let index = entries.firstIndex(where: { $0.key.start == entry.key.start }) else {
            throw YAMLEditError(.unsupportedLayout, line: entry.key.line, message: "entry not found in its mapping")
        }
        if index + 1 < entries.count {
            return Splice(entry.key.start..<entries[index + 1].key.start, "")
        }
        if index > 0 {
            let previousEnd = try ScalarScanner.flowValueEnd(of: entries[index - 1].value, in: source)
            return Splice(previousEnd..<(try ScalarScanner.flowValueEnd(of: entry.value, in: source)), "")
        }
        let end = try ScalarScanner.flowCollectionEnd(from: mapping.start, in: source, line: mapping.line)
        return Splice((mapping.start + 1)..<(end - 1), "")
    }

    /// Annotation values are strings: written plain when that reads back as the same string,
    /// single-quoted otherwise (`'true'`, `'1.0'`), as Flux v1 writes them.
    static func render(_ value: String, inFlow: Bool) -> String {
        ScalarWriter.renderPreferringPlain(value, inFlow: inFlow)
    }
}
