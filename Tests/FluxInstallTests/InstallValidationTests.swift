import Testing

@testable import FluxInstall

@Suite struct InstallValidationTests {
    @Test(arguments: [nil, "", "   "] as [String?])
    func aMissingGitURLIsAClearError(url: String?) {
        let error = #expect(throws: InstallError.self) { try render { $0.gitURL = url } }
        #expect(error?.code == .missingFlag)
        #expect(error?.flag == "--git-url")
        #expect(error?.description.contains("--git-url is required") == true, "\(String(describing: error))")
    }

    @Test(arguments: [nil, ""] as [String?])
    func aMissingGitEmailIsAClearError(email: String?) {
        let error = #expect(throws: InstallError.self) { try render { $0.gitEmail = email } }
        #expect(error?.code == .missingFlag)
        #expect(error?.flag == "--git-email")
        #expect(error?.description.contains("--git-email is required") == true, "\(String(describing: error))")
    }

    @Test func theURLIsCheckedBeforeTheEmail() {
        let error = #expect(throws: InstallError.self) {
            try render { parameters in
                parameters.gitURL = nil
                parameters.gitEmail = nil
            }
        }
        #expect(error?.flag == "--git-url")
    }

    @Test(arguments: ["Flux", "UPPER", "-lead", "trail-", "dots.not.allowed", "", String(repeating: "a", count: 64)])
    func invalidNamespacesAreRejected(namespace: String) {
        let error = #expect(throws: InstallError.self) { try render { $0.namespace = namespace } }
        #expect(error?.code == .invalidFlag)
        #expect(error?.flag == "--namespace")
        #expect(error?.description.hasPrefix("--namespace: ") == true, "\(String(describing: error))")
    }

    @Test(arguments: ["a", "flux-system", "x1", String(repeating: "a", count: 63)])
    func validNamespacesAreAccepted(namespace: String) throws {
        _ = try render { $0.namespace = namespace }
    }

    @Test(arguments: [["/abs"], ["ok", "../escape"], ["a,b/../../c"]])
    func pathsOutsideTheRepositoryAreRejected(paths: [String]) {
        let error = #expect(throws: InstallError.self) { try render { $0.gitPaths = paths } }
        #expect(error?.flag == "--git-path")
    }

    @Test(arguments: ["", "has space:1", "repo:bad tag!", "UPPER/case"])
    func invalidImagesAreRejected(image: String) {
        let error = #expect(throws: InstallError.self) { try render { $0.image = image } }
        #expect(error?.flag == "--image")
    }

    @Test func multiLineValuesAreRejected() {
        let error = #expect(throws: InstallError.self) { try render { $0.gitURL = "git@host:a\n- --git-readonly" } }
        #expect(error?.flag == "--git-url")
        let branch = #expect(throws: InstallError.self) { try render { $0.gitBranch = "two words" } }
        #expect(branch?.flag == "--git-branch")
        let label = #expect(throws: InstallError.self) { try render { $0.gitLabel = "" } }
        #expect(label?.flag == "--git-label")
    }
}
