import KubernetesModel

/// A field validation error, rendered as apimachinery's `field.Error` is.
struct FieldError: Sendable, Hashable {
    enum Kind: String, Sendable {
        case invalid = "FieldValueInvalid"
        case required = "FieldValueRequired"
        case forbidden = "FieldValueForbidden"
    }

    var kind: Kind
    var field: String
    /// The bad value already formatted (quoted string, Go `%#v` of a struct, ...).
    var value: String?
    var detail: String

    /// `Invalid value: "x": detail`, `Required value`, `Forbidden: detail`.
    var body: String {
        switch kind {
        case .invalid: return "Invalid value: \(value ?? "null")" + (detail.isEmpty ? "" : ": \(detail)")
        case .required: return "Required value" + (detail.isEmpty ? "" : ": \(detail)")
        case .forbidden: return "Forbidden" + (detail.isEmpty ? "" : ": \(detail)")
        }
    }

    var cause: Status.Cause { Status.Cause(reason: kind.rawValue, message: body, field: field) }

    static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
        FieldError(kind: .invalid, field: field, value: value, detail: detail)
    }
    static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(kind: .required, field: field, value: nil, detail: detail)
    }
    static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(kind: .forbidden, field: field, value: nil, detail: detail)
    }
}

/// Go's `%q` of a string, close enough for names and IPs.
func goQuoted(_ string: String) -> String { JSONValue.string(string).serialized() }

/// Go's `%#v` of a `metav1.LabelSelector`, as immutable-selector errors print it.
func goLabelSelector(_ selector: JSONValue?) -> String {
    guard let selector, selector.objectValue != nil else { return "null" }
    var matchLabels = "map[string]string(nil)"
    if let labels = selector["matchLabels"]?.objectValue {
        let pairs = labels.keys.sorted().map { "\(goQuoted($0)):\(goQuoted(labels[$0]?.stringValue ?? ""))" }
        matchLabels = "map[string]string{\(pairs.joined(separator: ", "))}"
    }
    var expressions = "[]v1.LabelSelectorRequirement(nil)"
    if let items = selector["matchExpressions"]?.arrayValue {
        let rendered = items.map { item -> String in
            let values = (item["values"]?.arrayValue ?? []).compactMap(\.stringValue).map(goQuoted)
            let valuesText = item["values"] == nil ? "[]string(nil)" : "[]string{\(values.joined(separator: ", "))}"
            return "v1.LabelSelectorRequirement{Key:\(goQuoted(item["key"]?.stringValue ?? "")), "
                + "Operator:\(goQuoted(item["operator"]?.stringValue ?? "")), Values:\(valuesText)}"
        }
        expressions = "[]v1.LabelSelectorRequirement{\(rendered.joined(separator: ", "))}"
    }
    return "v1.LabelSelector{MatchLabels:\(matchLabels), MatchExpressions:\(expressions)}"
}
