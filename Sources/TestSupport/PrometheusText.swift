import CommandRunner
import Foundation

/// Parses Prometheus text exposition with the reference parser of PyPI `prometheus-client`
/// (installed by .ci/run), so tests check what a Prometheus server would read.
public enum PrometheusText {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Family: Sendable {
        public var name: String
        public var type: String
        public var help: String
        public var samples: [Sample]

        /// Samples with exactly these labels among others.
        public func samples(named name: String, where labels: [String: String] = [:]) -> [Sample] {
            samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    static let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        families = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            families.append({"name": family.name, "type": family.type, "help": family.documentation,
                             "samples": [{"name": s.name, "labels": s.labels, "value": str(s.value)} for s in family.samples]})
        print(json.dumps(families))
        """

    /// Every metric family in `text`, by name (counters without `_total`, as the parser names them).
    public static func parse(_ text: String) async throws -> [String: Family] {
        let python = try Tools.require("python3")
        let result = try await Command.run(python, arguments: ["-c", script], input: text, timeout: .seconds(60))
        guard result.exitCode == 0 else {
            throw ParseError(description: "prometheus_client could not parse the exposition: \(result.standardError)")
        }
        guard let decoded = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]] else {
            throw ParseError(description: "unexpected parser output: \(result.standardOutput)")
        }
        var families: [String: Family] = [:]
        for entry in decoded {
            let samples = (entry["samples"] as? [[String: Any]] ?? []).map { sample in
                Sample(
                    name: sample["name"] as? String ?? "", labels: sample["labels"] as? [String: String] ?? [:],
                    value: Double(sample["value"] as? String ?? "") ?? .nan)
            }
            let name = entry["name"] as? String ?? ""
            families[name] = Family(
                name: name, type: entry["type"] as? String ?? "", help: entry["help"] as? String ?? "", samples: samples)
        }
        return families
    }
}
