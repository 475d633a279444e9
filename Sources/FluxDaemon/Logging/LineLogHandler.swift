import Foundation
import KubernetesModel
import Logging

/// Writes one line per log record to standard error, as logfmt (`--log-format=fmt`, Flux's
/// default: `ts=… level=info msg="…" key=value`) or as a JSON object (`--log-format=json`).
/// Levels are swift-log's; `warning` is written `warn`, as Flux and logfmt readers expect.
public struct LineLogHandler: LogHandler {
    public enum Format: Sendable { case logfmt, json }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: Format

    public init(label: String, format: Format) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let timestamp = Date().formatted(.iso8601)
        let level = Self.levelName(event.level)
        let line: String
        switch format {
        case .json:
            var object: JSONObject = [
                "ts": .string(timestamp), "level": .string(level),
                "component": .string(label), "msg": .string(event.message.description),
            ]
            for key in merged.keys.sorted() { object[key] = Self.json(merged[key] ?? .string("")) }
            line = JSONValue.object(object).serialized()
        case .logfmt:
            var parts = ["ts=\(timestamp)", "level=\(level)", "component=\(label)"]
            parts.append("msg=\(Self.quote(event.message.description))")
            for key in merged.keys.sorted() { parts.append("\(key)=\(Self.quote("\(merged[key] ?? "")"))") }
            line = parts.joined(separator: " ")
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `debug`, `info`, `warn`, `error` (and swift-log's `trace`, `notice`, `critical`).
    static func levelName(_ level: Logger.Level) -> String {
        level == .warning ? "warn" : level.rawValue
    }

    static func quote(_ value: String) -> String {
        if !value.isEmpty, !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) {
            return value
        }
        return JSONValue.string(value).serialized()
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d):
            var o = JSONObject()
            for key in d.keys.sorted() { o[key] = json(d[key] ?? .string("")) }
            return .object(o)
        }
    }
}
