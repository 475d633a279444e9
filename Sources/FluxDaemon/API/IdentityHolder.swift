import FluxAPI
import GitRepository

/// The deploy key in use, replaced by `fluxctl identity --regenerate`.
actor IdentityHolder {
    private(set) var key: DeployKey

    init(key: DeployKey) {
        self.key = key
    }

    func replace(with key: DeployKey) {
        self.key = key
    }

    var info: IdentityInfo {
        IdentityInfo(publicKey: key.publicKey, fingerprint: key.fingerprint, randomArt: key.randomArt)
    }
}
