import KubernetesModel
import Testing

@testable import ImagePolicy

/// The one reader of policy annotations: prefixes, precedence, validation with errors naming
/// the workload and annotation.
@Suite struct WorkloadPoliciesTests {
    let id = WorkloadID(namespace: "shop", kind: "deployment", name: "web")

    @Test func everyPrefixIsReadAndFluxcdWins() throws {
        let policies = WorkloadPolicies(
            annotations: [
                "flux.weave.works/automated": "true",
                "fluxcd.io/locked": "true", "flux.weave.works/locked": "false",
                "flux.weave.works/locked_msg": "hold",
                "filter.fluxcd.io/web": "glob:old-*", "flux.weave.works/tag.web": "semver:~1.2",
                "filter.fluxcd.io/sidecar": "regexp:^v",
                "fluxcd.io/sync-checksum": "abc", "fluxcd.io/tag.": "not a policy", "example.com/tag.x": "other",
            ], workload: id)
        #expect(policies.automated && policies.locked)
        #expect(policies.lockedMessage == "hold")
        #expect(policies.tags.mapValues(\.value) == ["web": "semver:~1.2", "sidecar": "regexp:^v"])
        #expect(policies.tags["web"]?.annotation == "flux.weave.works/tag.web", "weave wins over the filter prefix")
        #expect(policies.tags["sidecar"]?.annotation == "filter.fluxcd.io/sidecar")
        #expect(try policies.tagPolicy(for: "other").get() == .all)
        #expect(
            policies.values == [
                "automated": "true", "locked": "true", "locked_msg": "hold", "tag.web": "semver:~1.2", "tag.sidecar": "regexp:^v",
            ])
    }

    @Test func booleansCountOnlyWhenExactlyTrue() {
        for value in ["True", "yes", "1", "false", ""] {
            let policies = WorkloadPolicies(
                annotations: ["fluxcd.io/automated": value, "fluxcd.io/locked": value, "fluxcd.io/ignore": value])
            #expect(!policies.automated && !policies.locked && policies.ignore == .none, "\(value)")
        }
        #expect(IgnorePolicy(annotations: ["flux.weave.works/ignore": "sync_only"]) == .syncOnly)
        #expect(IgnorePolicy(annotations: ["fluxcd.io/ignore": "true", "flux.weave.works/ignore": "sync_only"]) == .ignore)
    }

    @Test func invalidPatternsAreErrorsNamingWorkloadAndAnnotation() {
        let policies = WorkloadPolicies(
            annotations: [
                "fluxcd.io/tag.web": "semver:invalid", "filter.fluxcd.io/side": "glob:[[", "fluxcd.io/tag.db": "regexp:*",
                "fluxcd.io/tag.gone": "glob:*",
            ], workload: id)
        guard case .failure(let error) = policies.tagPolicy(for: "web") else {
            Issue.record("semver:invalid is not a policy")
            return
        }
        #expect(error.description.hasPrefix("shop:deployment/web: fluxcd.io/tag.web: \"semver:invalid\": "))
        #expect(policies.errors.map(\.annotation) == ["fluxcd.io/tag.db", "filter.fluxcd.io/side", "fluxcd.io/tag.web"])
        let all = policies.errors(containers: ["web", "side", "db"])
        #expect(all.count == 4, "three invalid patterns and one for a missing container")
        let missing = policies.errors(containers: ["web", "side", "db"].filter { $0 != "db" })
        #expect(missing.contains { $0.annotation == "fluxcd.io/tag.db" && $0.reason.contains("no container \"db\"") })
        #expect(policies.errors(containers: ["web"]).contains { $0.reason.contains("no container \"gone\"") })
    }

    @Test func annotationKeysAndAliases() {
        #expect(PolicyAnnotation.keys(for: .automated) == ["fluxcd.io/automated", "flux.weave.works/automated"])
        #expect(
            PolicyAnnotation.keys(for: .tag(container: "web"))
                == ["fluxcd.io/tag.web", "flux.weave.works/tag.web", "filter.fluxcd.io/web"])
        #expect(PolicyAnnotation.policy(forKey: "filter.fluxcd.io/web") == .tag(container: "web"))
        #expect(PolicyAnnotation.policy(forKey: "fluxcd.io/sync-gc-mark") == nil)
        #expect(
            PolicyAnnotation.aliases(ofKey: "fluxcd.io/tag.web")
                == ["fluxcd.io/tag.web", "flux.weave.works/tag.web", "filter.fluxcd.io/web"])
        #expect(PolicyAnnotation.aliases(ofKey: "team") == ["team"])
        #expect(PolicyName("locked_msg") == .lockedMessage && PolicyName("tag.") == nil && PolicyName("colour") == nil)
    }
}

/// Policy changes as Flux v1's `ChangesForPolicyUpdate` makes them.
@Suite struct PolicyChangeTests {
    let id = WorkloadID(namespace: "default", kind: "deployment", name: "nginx")

    func edits(add: [String: String] = [:], remove: [String] = [], containers: [String] = ["nginx"]) throws
        -> [String: String?]
    {
        var result: [String: String?] = [:]
        for edit in try PolicyChange(workload: id, add: add, remove: remove).edits(containers: containers) {
            result[edit.key] = .some(edit.value)
        }
        return result
    }

    @Test func tagPatternsAreWrittenAsGiven() throws {
        #expect(try edits(add: ["tag.nginx": "foo"]) == ["fluxcd.io/tag.nginx": "foo"])
        #expect(try edits(add: ["tag.nginx": "regexp:(.*?)"]) == ["fluxcd.io/tag.nginx": "regexp:(.*?)"])
        #expect(
            try edits(add: ["tag_all": "semver:*"], containers: ["a", "b"]) == [
                "fluxcd.io/tag.a": "semver:*", "fluxcd.io/tag.b": "semver:*",
            ])
    }

    @Test func tagAllGlobStarRemovesAndRemovalWins() throws {
        #expect(try edits(add: ["tag_all": "glob:*"], containers: ["a"]) == ["fluxcd.io/tag.a": String?.none])
        #expect(try edits(add: ["locked": "true"], remove: ["locked"]) == ["fluxcd.io/locked": String?.none])
        #expect(
            try edits(add: ["automated": "true", "locked": "true"], remove: ["automated"]) == [
                "fluxcd.io/automated": String?.none, "fluxcd.io/locked": "true",
            ])
    }

    @Test func invalidChangesAreRefused() {
        for add in [
            ["tag.nginx": "semver:invalid"], ["tag.nginx": "regexp:*"], ["tag_all": "regex:(x"], ["tag.nginx": "glob:[["],
            ["colour": "blue"],
        ] {
            #expect(throws: PolicyError.self, "\(add)") { try PolicyChange(workload: id, add: add).validate() }
        }
        #expect(throws: PolicyError.self) { try edits(add: ["tag.nosuch": "glob:*"]) }
        #expect(throws: PolicyError.self) { try PolicyChange(workload: id, remove: ["colour"]).validate() }
    }
}
