import Foundation
import KubernetesModel

/// Builds `meta.k8s.io/v1` Table responses for `kubectl get`, with the columns
/// kube-apiserver prints for the kind (or the CRD's `additionalPrinterColumns`).
struct TablePrinter: Sendable {
    enum IncludeObject: String, Sendable {
        case none = "None"
        case metadata = "Metadata"
        case object = "Object"
    }

    var type: ResourceType
    var now: Date
    var includeObject: IncludeObject = .metadata

    static let nameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may "
        + "allow a client to request the generation of an appropriate name automatically. Name is primarily intended "
        + "for creation idempotence and configuration definition. Cannot be updated. More info: "
        + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"

    var columnDefinitions: JSONValue {
        var columns: [JSONValue] = [
            ["name": "Name", "type": "string", "format": "name", "description": .string(Self.nameDescription), "priority": 0]
        ]
        for column in type.columns {
            columns.append([
                "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                "description": .string(column.description), "priority": .integer(Int64(column.priority)),
            ])
        }
        return .array(columns)
    }

    func table(_ objects: [JSONValue], resourceVersion: String, continueToken: String? = nil, withColumns: Bool = true) -> JSONValue {
        var metadata: JSONObject = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        var table: JSONObject = ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata)]
        if withColumns { table["columnDefinitions"] = columnDefinitions }
        table["rows"] = .array(objects.map(row))
        return .object(table)
    }

    func row(_ object: JSONValue) -> JSONValue {
        var cells: [JSONValue] = [.string(object.name ?? "")]
        for column in type.columns { cells.append(cell(column, object)) }
        var row: JSONObject = ["cells": .array(cells)]
        switch includeObject {
        case .none: break
        case .object: row["object"] = object
        case .metadata:
            var metadata = object.metadata
            metadata.removeValue(forKey: "managedFields")
            row["object"] = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata)]
        }
        return .object(row)
    }

    func cell(_ column: TableColumn, _ object: JSONValue) -> JSONValue {
        switch column.source {
        case .age:
            guard let created = object[path: ["metadata", "creationTimestamp"]]?.stringValue,
                let date = Self.parseTimestamp(created)
            else { return "<unknown>" }
            return .string(Self.humanDuration(now.timeIntervalSince(date)))
        case .jsonPath(let path):
            if let value = Self.value(object, path: path) { return value }
            // Built-in printers print counts they have not seen yet as 0.
            return type.schema == .builtin && column.type == "integer" ? 0 : .null
        case .computed(let id):
            return BuiltinCells.cell(id, object)
        }
    }

    /// Reads `a.b[0].c` from an object.
    static func value(_ object: JSONValue, path: String) -> JSONValue? {
        var current: JSONValue? = object
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var index: Int? = nil
            if let open = part.firstIndex(of: "["), part.hasSuffix("]") {
                name = part[..<open]
                index = Int(part[part.index(after: open)..<part.index(before: part.endIndex)])
            }
            if !name.isEmpty { current = current?[String(name)] }
            if let index {
                guard let items = current?.arrayValue, items.indices.contains(index) else { return nil }
                current = items[index]
            }
        }
        return current
    }

    static func parseTimestamp(_ text: String) -> Date? {
        do {
            return try Date(text, strategy: .iso8601)
        } catch {
            return nil
        }
    }

    /// apimachinery's `duration.HumanDuration`.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
