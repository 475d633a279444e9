import KubernetesModel
import Testing

@testable import FluxInstall

@Suite struct InstallRBACTests {
    @Test func theClusterRoleAppliesAnythingButCannotMintAuthority() throws {
        let role = try render().only("ClusterRole")
        let rules = role["rules"]?.arrayValue ?? []
        #expect(rules.count == 1)
        let rule = try #require(rules.first)
        #expect(rule["apiGroups"]?.strings == ["*"])
        #expect(rule["resources"]?.strings == ["*"])
        let verbs = Set(rule["verbs"]?.strings ?? [])
        #expect(verbs.isSuperset(of: ["get", "list", "watch", "create", "update", "patch", "delete"]))
        #expect(verbs.isDisjoint(with: ["*", "escalate", "bind", "impersonate", "approve", "sign", "use"]))
        #expect(rules.allSatisfy { $0["nonResourceURLs"] == nil }, "discovery comes from system:discovery")
    }

    @Test func theRoleCoversFluxdsOwnStateByName() throws {
        let rules = try render().only("Role")["rules"]?.arrayValue ?? []
        func allows(_ verb: String, _ resource: String, named name: String?, group: String = "") -> Bool {
            rules.contains { rule in
                let names = rule["resourceNames"]?.strings ?? []
                return rule["apiGroups"]?.strings.contains(group) == true
                    && rule["resources"]?.strings.contains(resource) == true
                    && rule["verbs"]?.strings.contains(verb) == true
                    && (names.isEmpty || name.map(names.contains) == true)
            }
        }
        for secret in ["flux-git-deploy", "flux-api-token"] {
            for verb in ["get", "create", "update", "patch"] {
                #expect(allows(verb, "secrets", named: verb == "create" ? nil : secret), "\(verb) \(secret)")
            }
        }
        for verb in ["get", "create", "update", "patch"] {
            #expect(allows(verb, "configmaps", named: verb == "create" ? nil : "flux-sync-inventory"), "\(verb) inventory")
        }
        #expect(allows("get", "configmaps", named: "flux-ssh-config"))
        #expect(allows("get", "secrets", named: "flux-ssh-config"))
        #expect(allows("create", "events", named: nil))
        #expect(allows("create", "events", named: nil, group: "events.k8s.io"))
        #expect(allows("get", "namespaces", named: "flux"))
        // Updates are limited to fluxd's own objects.
        #expect(!allows("patch", "secrets", named: "someone-elses"))
        #expect(!allows("update", "configmaps", named: "someone-elses"))
        #expect(!allows("delete", "secrets", named: "flux-git-deploy"))
        #expect(!allows("list", "secrets", named: nil))
    }

    @Test func bindingsPointAtTheirRoles() throws {
        let objects = try render()
        let roleBinding = try objects.only("RoleBinding")
        #expect(roleBinding[path: ["roleRef", "kind"]]?.stringValue == "Role")
        #expect(roleBinding[path: ["roleRef", "name"]]?.stringValue == (try objects.only("Role")).name)
        let clusterBinding = try objects.only("ClusterRoleBinding")
        #expect(clusterBinding[path: ["roleRef", "kind"]]?.stringValue == "ClusterRole")
        #expect(clusterBinding[path: ["roleRef", "name"]]?.stringValue == (try objects.only("ClusterRole")).name)
        #expect(try objects.only("ServiceAccount").name == "flux")
    }

    @Test func twoInstallationsDoNotShareClusterScopedNames() throws {
        let first = try render { $0.namespace = "flux-a" }.filter { $0.namespace == nil }.compactMap(\.name)
        let second = try render { $0.namespace = "flux-b" }.filter { $0.namespace == nil }.compactMap(\.name)
        #expect(Set(first).isDisjoint(with: second))
    }
}
