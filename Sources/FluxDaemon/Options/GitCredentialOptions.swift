import ArgumentParser

/// Ways to give fluxd HTTPS git credentials without putting them on its command line
/// (docs/security.md, "Passing credentials"); the others are `--git-https-secret` and the
/// environment variables `GIT_AUTHUSER`/`GIT_AUTHKEY`.
public struct GitCredentialOptions: ParsableArguments, Sendable {
    public init() {}

    @Option(
        name: .customLong("git-https-credentials-file"),
        help: "A git credential-store file (lines https://USER:TOKEN@HOST), e.g. a mounted Secret; the line for --git-url's host is used")
    public var httpsCredentialsFile: String?
}
