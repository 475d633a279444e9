import KubernetesModel

extension YAMLEditor {
    /// Re-reads the edited text and checks it holds exactly the original documents with the
    /// one intended change: a splice that went wrong becomes an error instead of a bad commit.
    static func verify(
        original: String, edited: String, workload: WorkloadID, defaultNamespace: String,
        change: (inout JSONValue) -> Void
    ) throws(YAMLEditError) {
        var expected: [JSONValue]
        do throws(YAMLConversionError) {
            expected = try JSONValue.yamlDocuments(original).map(\.value)
        } catch {
            throw YAMLEditError(.invalidYAML, line: error.line, message: error.message)
        }
        var changed = 0
        for index in expected.indices {
            if let kind = expected[index].kind, kind.hasSuffix("List"), var items = expected[index]["items"]?.arrayValue {
                for item in items.indices where isSelected(items[item], workload, defaultNamespace) {
                    change(&items[item])
                    changed += 1
                }
                expected[index]["items"] = .array(items)
            } else if isSelected(expected[index], workload, defaultNamespace) {
                change(&expected[index])
                changed += 1
            }
        }
        let actual: [JSONValue]
        do throws(YAMLConversionError) {
            actual = try JSONValue.yamlDocuments(edited).map(\.value)
        } catch {
            throw YAMLEditError(
                .verificationFailed, line: error.line, message: "edited text is not valid YAML: \(error.message)")
        }
        guard changed == 1, actual == expected else {
            throw YAMLEditError(.verificationFailed, message: "edited text does not hold the intended change")
        }
    }

    private static func isSelected(_ object: JSONValue, _ workload: WorkloadID, _ defaultNamespace: String)
        -> Bool
    {
        guard let kind = object.kind, let name = object.name else { return false }
        return workload.matches(kind: kind, name: name, namespace: object.namespace, defaultNamespace: defaultNamespace)
    }
}
