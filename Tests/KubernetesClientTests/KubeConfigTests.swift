import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import KubernetesClient

@Suite struct KubeConfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    @Test func mergesSeveralFilesFirstSetterWins() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try dir.write(
            "a/config",
            """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: shared
              cluster: {server: "https://first.example:6443", insecure-skip-tls-verify: true}
            users:
            - name: dev-user
              user: {token: first-token}
            contexts:
            - name: dev
              context: {cluster: shared, user: dev-user, namespace: team-a}
            """)
        let second = try dir.write(
            "b/config",
            """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: shared
              cluster: {server: "https://second.example:6443", tls-server-name: ignored}
            - name: prod
              cluster: {server: "https://prod.example"}
            users:
            - name: dev-user
              user: {username: ignored, password: ignored}
            - name: prod-user
              user: {token: prod-token}
            contexts:
            - name: prod
              context: {cluster: prod, user: prod-user}
            """)
        let environment = ["KUBECONFIG": "\(dir.path)/missing:\(first)::\(second)", "HOME": dir.path]
        let config = try KubeConfig.load(environment: environment)
        // current-context and the `shared` cluster come from the first file, whole.
        #expect(config.server == "https://first.example:6443")
        #expect(config.tls.insecureSkipVerify)
        #expect(config.tls.serverName == nil)
        #expect(config.credentials == .bearerToken("first-token"))
        #expect(config.namespace == "team-a")
        // Entries only the second file has are still there.
        let prod = try KubeConfig.load(context: "prod", environment: environment)
        #expect(prod.server == "https://prod.example")
        #expect(prod.credentials == .bearerToken("prod-token"))
        #expect(prod.namespace == "default")
        // A KUBECONFIG naming only missing files is an error, not an empty configuration.
        let none = #expect(throws: KubeConfigError.self) {
            try KubeConfig.load(environment: ["KUBECONFIG": "\(dir.path)/missing-1:\(dir.path)/missing-2", "HOME": dir.path])
        }
        #expect(none?.code == .noConfiguration)
    }

    @Test func explicitPathIsUsedAloneAndMustExist() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: KubeConfigError.self) {
            try KubeConfig.load(kubeconfigPath: "\(dir.path)/nope", environment: [:])
        }
        let path = try dir.write("explicit", Self.minimal(server: "https://explicit:1", user: "{token: t}"))
        let other = try dir.write("other", Self.minimal(server: "https://other:1", user: "{token: t}"))
        let config = try KubeConfig.load(kubeconfigPath: path, environment: ["KUBECONFIG": other])
        #expect(config.server == "https://explicit:1")
    }

    @Test func fallsBackToHomeKubeConfig() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(".kube/config", Self.minimal(server: "https://home:6443", user: "{token: home}"))
        let config = try KubeConfig.load(environment: ["HOME": dir.path])
        #expect(config.server == "https://home:6443")
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.load(environment: ["HOME": "\(dir.path)/nowhere"])
        }
        #expect(error?.code == .noConfiguration)
    }

    @Test func unknownContextIsAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("config", Self.minimal(server: "https://x:1", user: "{token: t}"))
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.load(kubeconfigPath: path, context: "nope", environment: [:])
        }
        #expect(error?.code == .contextNotFound)
    }

    @Test func certificateAuthorityFileRelativeToTheKubeconfigAndData() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("conf/certs/ca.crt", Self.caPEM)
        let fromFile = try dir.write(
            "conf/config",
            Self.minimal(server: "https://x:1", cluster: "certificate-authority: certs/ca.crt", user: "{token: t}"))
        #expect(try KubeConfig.load(kubeconfigPath: fromFile, environment: [:]).tls.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        let encoded = Data(Self.caPEM.utf8).base64EncodedString()
        let fromData = try dir.write(
            "data-config",
            Self.minimal(server: "https://x:1", cluster: "certificate-authority-data: \(encoded)", user: "{token: t}"))
        let config = try KubeConfig.load(kubeconfigPath: fromData, environment: [:])
        #expect(config.tls.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        #expect(config.tls.insecureSkipVerify == false)
    }

    @Test func missingCertificateAuthorityFileFailsLoudly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(
            "config", Self.minimal(server: "https://x:1", cluster: "certificate-authority: nowhere.crt", user: "{token: t}"))
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: path, environment: [:]) }
        #expect(error?.code == .invalidCertificate)
        #expect(error?.file == "\(dir.path)/nowhere.crt")
    }

    @Test func insecureOnlyWhenTheFileSaysSoAndNotWithACA() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let secure = try dir.write("secure", Self.minimal(server: "https://x:1", user: "{token: t}"))
        #expect(try KubeConfig.load(kubeconfigPath: secure, environment: [:]).tls.insecureSkipVerify == false)
        let insecure = try dir.write(
            "insecure", Self.minimal(server: "https://x:1", cluster: "insecure-skip-tls-verify: true", user: "{token: t}"))
        #expect(try KubeConfig.load(kubeconfigPath: insecure, environment: [:]).tls.insecureSkipVerify)
        let encoded = Data(Self.caPEM.utf8).base64EncodedString()
        let both = try dir.write(
            "both",
            Self.minimal(
                server: "https://x:1", cluster: "insecure-skip-tls-verify: true\n    certificate-authority-data: \(encoded)",
                user: "{token: t}"))
        #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: both, environment: [:]) }
    }

    @Test func tlsServerNameAndProxy() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(
            "config",
            Self.minimal(
                server: "https://10.0.0.1:6443", cluster: "tls-server-name: kubernetes.test\n    proxy-url: http://proxy:3128",
                user: "{token: t}"))
        let config = try KubeConfig.load(kubeconfigPath: path, environment: [:])
        #expect(config.tls.serverName == "kubernetes.test")
        #expect(config.proxyURL == "http://proxy:3128")
        let endpoint = try ServerEndpoint(server: config.server, tlsServerName: config.tls.serverName)
        #expect(endpoint.origin == "https://kubernetes.test:6443")
        #expect(endpoint.dnsOverride == ["kubernetes.test": "10.0.0.1"])
        #expect(endpoint.hostHeader == "10.0.0.1:6443")
    }

    @Test func userVariants() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("tok", "abc\n")
        let tokenFile = try dir.write("1", Self.minimal(server: "https://x:1", user: "{tokenFile: tok}"))
        #expect(
            try KubeConfig.load(kubeconfigPath: tokenFile, environment: [:]).credentials
                == .tokenFile(path: "\(dir.path)/tok", refreshInterval: .seconds(60)))
        let basic = try dir.write("2", Self.minimal(server: "https://x:1", user: "{username: u, password: p}"))
        #expect(try KubeConfig.load(kubeconfigPath: basic, environment: [:]).credentials == .basic(username: "u", password: "p"))
        let both = try dir.write("3", Self.minimal(server: "https://x:1", user: "{token: t, username: u, password: p}"))
        #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: both, environment: [:]) }
        let provider = try dir.write("4", Self.minimal(server: "https://x:1", user: "{auth-provider: {name: gcp}}"))
        let error = #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: provider, environment: [:]) }
        #expect(error?.code == .unsupported)
    }

    @Test func clientCertificateFromFilesAndData() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pki/client.crt", "CERT")
        try dir.write("pki/client.key", "KEY")
        let files = try dir.write(
            "1", Self.minimal(server: "https://x:1", user: "{client-certificate: pki/client.crt, client-key: pki/client.key}"))
        let fromFiles = try KubeConfig.load(kubeconfigPath: files, environment: [:])
        #expect(fromFiles.tls.clientCertificatePEM == Array("CERT".utf8))
        #expect(fromFiles.tls.clientKeyPEM == Array("KEY".utf8))
        let certData = Data("CERT2".utf8).base64EncodedString()
        let keyData = Data("KEY2".utf8).base64EncodedString()
        let data = try dir.write(
            "2", Self.minimal(server: "https://x:1", user: "{client-certificate-data: \(certData), client-key-data: \(keyData)}"))
        let fromData = try KubeConfig.load(kubeconfigPath: data, environment: [:])
        #expect(fromData.tls.clientCertificatePEM == Array("CERT2".utf8))
        #expect(fromData.tls.clientKeyPEM == Array("KEY2".utf8))
        let halfPair = try dir.write("3", Self.minimal(server: "https://x:1", user: "{client-certificate: pki/client.crt}"))
        #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: halfPair, environment: [:]) }
    }

    @Test func execPluginConfiguration() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(
            "config",
            Self.minimal(
                server: "https://x:1", cluster: "certificate-authority-data: \(Data(Self.caPEM.utf8).base64EncodedString())",
                user: """

                          exec:
                            apiVersion: client.authentication.k8s.io/v1
                            command: ./bin/plugin
                            args: [get-token, --cluster, c1]
                            env: [{name: FOO, value: bar}]
                            interactiveMode: Never
                            provideClusterInfo: true
                    """))
        let config = try KubeConfig.load(kubeconfigPath: path, environment: [:])
        guard case .exec(let exec, let info) = config.credentials else {
            Issue.record("expected exec credentials, got \(config.credentials)")
            return
        }
        #expect(exec.command == "\(dir.path)/./bin/plugin")
        #expect(exec.args == ["get-token", "--cluster", "c1"])
        #expect(exec.env.map(\.name) == ["FOO"])
        #expect(info?.server == "https://x:1")
        #expect(info?.certificateAuthorityData == Array(Self.caPEM.utf8))
        let interactive = try dir.write(
            "always",
            Self.minimal(
                server: "https://x:1",
                user: "{exec: {apiVersion: client.authentication.k8s.io/v1, command: p, interactiveMode: Always}}"))
        #expect(throws: KubeConfigError.self) { try KubeConfig.load(kubeconfigPath: interactive, environment: [:]) }
    }

    @Test func inClusterConfiguration() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("token", "sa-token\n")
        try dir.write("ca.crt", Self.caPEM)
        try dir.write("namespace", "flux-system")
        let config = try ClusterConfiguration.inCluster(
            directory: dir.path, environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"])
        #expect(config.server == "https://[fd00::1]:443")
        #expect(config.namespace == "flux-system")
        #expect(config.tls.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        #expect(config.credentials == .tokenFile(path: "\(dir.path)/token", refreshInterval: .seconds(60)))
        let error = #expect(throws: KubeConfigError.self) {
            try ClusterConfiguration.inCluster(directory: dir.path, environment: [:])
        }
        #expect(error?.code == .notInCluster)
        // fluxd's order: in-cluster before KUBECONFIG when nothing explicit is given.
        let automatic = try ClusterConfiguration.automatic(
            environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "6443", "KUBECONFIG": "/nowhere"],
            serviceAccountDirectory: dir.path)
        #expect(automatic.server == "https://10.0.0.1:6443")
    }

    static func minimal(server: String, cluster: String = "", user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: only
        clusters:
        - name: c
          cluster:
            server: "\(server)"
            \(cluster)
        users:
        - name: u
          user: \(user)
        contexts:
        - name: only
          context: {cluster: c, user: u}
        """
    }
}
