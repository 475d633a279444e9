import FluxAPI
import Foundation
import ImagePolicy
import KubernetesModel
import Testing
import WorkloadUpdates

@testable import FluxDaemon

/// `list-images`, image automation and `release --update-all-images` pick the same tag for the
/// same workload, whatever prefix its policy is written under and whatever kind of pattern.
@Suite struct PolicyConsistencyTests {
    static let base = Date(timeIntervalSince1970: 1_700_000_000)
    /// The repository's tags with creation times (glob and regex order by time).
    static let tags: [(String, Double)] = [
        ("1.0.0", 0), ("1.2.0", 1), ("1.10.0", 2), ("2.0.0", 3), ("master-abc", 4), ("v1.5", 5),
    ]
    static let repository = "registry.example/shop/web"

    struct Catalog: ImageCatalog {
        func tags(for repositories: Set<String>) async -> [String: RepositoryTags] {
            guard repositories.contains(PolicyConsistencyTests.repository) else { return [:] }
            let tags = PolicyConsistencyTests.tags.map {
                TagInfo(tag: $0.0, created: PolicyConsistencyTests.base.addingTimeInterval($0.1 * 60))
            }
            return [PolicyConsistencyTests.repository: RepositoryTags(tags: tags)]
        }
    }

    /// Pattern → the tag every consumer must pick (`nil`: none, the pattern is invalid).
    static let patterns: [(String?, String?)] = [
        (nil, "v1.5"), ("glob:1.*", "1.10.0"), ("1.*", "1.10.0"), ("glob:*", "v1.5"), ("semver:~1", "1.10.0"),
        ("semver:^2", "2.0.0"), ("regex:^master-", "master-abc"), ("regexp:^v", "v1.5"), ("semver:invalid", nil),
        ("regexp:*", nil), ("glob:[[", nil),
    ]
    static let prefixes = ["fluxcd.io/tag.web", "flux.weave.works/tag.web", "filter.fluxcd.io/web"]

    static func annotations(_ key: String, _ pattern: String?) -> [String: String] {
        var result = ["fluxcd.io/automated": "true"]
        if let pattern { result[key] = pattern }
        return result
    }

    static func manifest(_ annotations: [String: String]) -> String {
        var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n"
        for key in annotations.keys.sorted() { text += "    \(key): '\(annotations[key] ?? "")'\n" }
        text += "spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: \(repository):1.0.0\n"
        return text
    }

    @Test func everyConsumerPicksTheSameTag() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-consistency-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }  // best-effort cleanup of a scratch dir
        for prefix in Self.prefixes {
            for (pattern, expected) in Self.patterns {
                let label = "\(prefix): \(pattern ?? "(none)")"
                let annotations = Self.annotations(prefix, pattern)
                // list-images: the live object, ordered by the container's policy.
                var object = try JSONValue(yaml: Self.manifest(annotations))
                object["status"] = [:]
                let images = await ImageReport.images(of: [object], catalog: Catalog())
                let listed = try #require(images.first?.containers.first, "\(label)")
                // release --update-all-images and automation: the same workload in git.
                try Self.manifest(annotations).write(toFile: directory + "/web.yaml", atomically: true, encoding: .utf8)
                let index = try WorkloadIndex(root: directory, paths: [], defaultNamespace: "default")
                let tags = await Catalog().tags(for: index)
                let spec = try WireMapping.releaseSpec(ReleaseRequest(all: true, updateAllImages: true))
                let release = try ReleasePlanner.plan(spec, index: index, tags: tags)
                let automation = try AutomationPass.plan(index: index, tags: tags)

                let releasedTag = release.edits.first.map { String($0.image.split(separator: ":").last ?? "") }
                let automatedTag = automation.edits.first.map { String($0.image.split(separator: ":").last ?? "") }
                #expect(releasedTag == expected, "release, \(label)")
                #expect(automatedTag == expected, "automation, \(label)")
                if let expected {
                    #expect(listed.available.first?.tag == expected, "list-images, \(label)")
                    #expect(listed.policyError == nil, "\(label)")
                } else {
                    #expect(listed.available.isEmpty, "list-images, \(label)")
                    #expect(listed.policyError?.contains("shop:deployment/web") == true, "\(label)")
                    #expect(listed.policyError?.contains(prefix) == true, "names the annotation, \(label)")
                    #expect(release.skipped.contains { $0.reason.contains("container web") }, "\(label)")
                    #expect(automation.skipped.contains { $0.reason.contains("container web") }, "\(label)")
                }
            }
        }
    }
}
