import NIOSSL

extension TLSSettings {
    /// The swift-nio-ssl client configuration: full verification against the kubeconfig's CA
    /// (or the system roots), none only when `insecureSkipVerify`; the client certificate
    /// chain and key when present. A CA or key that does not load is an error, never a
    /// silent fallback.
    func makeTLSConfiguration() throws(KubernetesError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify {
            configuration.certificateVerification = .none
        }
        if let pem = certificateAuthorityPEM {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMBytes(pem)
            } catch {
                throw KubernetesError(
                    code: .invalidRequest, message: "the certificate authority does not load as PEM", underlying: error)
            }
            guard !certificates.isEmpty else {
                throw KubernetesError(code: .invalidRequest, message: "the certificate authority holds no certificate")
            }
            configuration.trustRoots = .certificates(certificates)
        }
        if let certificatePEM = clientCertificatePEM, let keyPEM = clientKeyPEM {
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
                guard !chain.isEmpty else {
                    throw KubernetesError(code: .invalidRequest, message: "the client certificate holds no certificate")
                }
                configuration.certificateChain = chain.map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
            } catch let error as KubernetesError {
                throw error
            } catch {
                throw KubernetesError(
                    code: .invalidRequest, message: "the client certificate or key does not load as PEM", underlying: error)
            }
        }
        return configuration
    }
}
