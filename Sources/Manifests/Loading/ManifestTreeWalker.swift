import Foundation

/// Finds what to load under the configured paths: manifest files and kustomization
/// directories, in a deterministic order, honouring `.fluxignore` files and skipping hidden
/// entries (`.git`, `.flux.yaml`, ...) and Helm chart directories (as Flux v1 did). A
/// kustomization directory is one entry: its sub-directories are not walked.
struct ManifestTreeWalker {
    enum Entry: Hashable, Sendable {
        /// A file relative to the root, and whether it is JSON.
        case file(String, json: Bool)
        /// A kustomization directory relative to the root ("" for the root itself).
        case kustomization(String)
    }

    static let extensions: [String: Bool] = ["yaml": false, "yml": false, "json": true]
    static let ignoreFileName = ".fluxignore"
    /// The two files that make a directory a Helm chart, whose templates are not loaded.
    static let chartFileName = "Chart.yaml"
    static let chartValuesFileName = "values.yaml"

    let root: String
    let fileManager = FileManager.default
    let resolvedRoot: String

    init(root: String) {
        self.root = root
        self.resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    }

    /// Walks every configured path (relative to the root; "" or "." for the root).
    func entries(paths: [String]) -> (entries: [Entry], errors: [ManifestError]) {
        var entries: [Entry] = []
        var seen: Set<Entry> = []
        var errors: [ManifestError] = []
        for rawPath in paths.isEmpty ? [""] : paths {
            let path: String
            switch Self.normalize(rawPath) {
            case .success(let normalized): path = normalized
            case .failure(let error):
                errors.append(error)
                continue
            }
            let absolute = path.isEmpty ? root : "\(root)/\(path)"
            var isDirectory: ObjCBool = false
            guard isInside(absolute) else {
                errors.append(
                    ManifestError(
                        code: .invalidPath, file: path, line: nil,
                        message: "configured path leads outside the repository through a symlink; refused"))
                continue
            }
            guard fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                errors.append(
                    ManifestError(
                        code: .invalidPath, file: path.isEmpty ? "." : path, line: nil,
                        message: "configured path does not exist in the repository"))
                continue
            }
            var found: [Entry] = []
            if isInChart(path) {
                // A Helm chart, or a file or directory in one: its templates are not manifests.
            } else if isDirectory.boolValue {
                var rules = IgnoreRules()
                // .fluxignore files of the directories above the configured path apply too.
                let components = path.split(separator: "/").map(String.init)
                for depth in 0..<components.count {
                    let directory = components[..<depth].joined(separator: "/")
                    loadIgnoreFile(in: directory, into: &rules, errors: &errors)
                }
                walk(directory: path, rules: rules, into: &found, errors: &errors)
            } else if let json = Self.manifestKind(of: path) {
                found.append(.file(path, json: json))
            } else {
                errors.append(
                    ManifestError(
                        code: .invalidPath, file: path, line: nil,
                        message: "configured path is a file but not .yaml, .yml or .json"))
            }
            for entry in found where seen.insert(entry).inserted { entries.append(entry) }
        }
        return (entries, errors)
    }

    func walk(directory: String, rules inherited: IgnoreRules, into entries: inout [Entry], errors: inout [ManifestError]) {
        let absolute = directory.isEmpty ? root : "\(root)/\(directory)"
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: absolute).sorted()
        } catch {
            errors.append(
                ManifestError(
                    code: .unreadable, file: directory.isEmpty ? "." : directory, line: nil,
                    message: "cannot list directory: \(error.localizedDescription)"))
            return
        }
        if names.contains(Self.chartFileName) && names.contains(Self.chartValuesFileName) {
            return
        }
        if names.contains(where: { KustomizeRenderer.kustomizationFileNames.contains($0) }) {
            entries.append(.kustomization(directory))
            return
        }
        var rules = inherited
        if names.contains(Self.ignoreFileName) {
            loadIgnoreFile(in: directory, into: &rules, errors: &errors)
        }
        for name in names where !name.hasPrefix(".") {
            let relative = directory.isEmpty ? name : "\(directory)/\(name)"
            let entryKind: Bool?
            do {
                entryKind = try kind(of: relative)
            } catch let error as ManifestError {
                if !rules.isIgnored(relative, isDirectory: false) { errors.append(error) }
                continue
            } catch {
                errors.append(
                    ManifestError(code: .unreadable, file: relative, line: nil, message: "cannot inspect: \(error)"))
                continue
            }
            guard let isDirectory = entryKind else { continue }
            if rules.isIgnored(relative, isDirectory: isDirectory) { continue }
            if isDirectory {
                walk(directory: relative, rules: rules, into: &entries, errors: &errors)
            } else if let json = Self.manifestKind(of: name) {
                entries.append(.file(relative, json: json))
            }
        }
    }

    /// Whether `relative` (a configured path) is a Helm chart directory or lies in one: a
    /// directory holding both `Chart.yaml` and `values.yaml`, the test Flux v1 used
    /// (`looksLikeChart`) to skip charts kept next to manifests, such as those its HelmReleases
    /// point at with `chart.git`.
    func isInChart(_ relative: String) -> Bool {
        var components = relative.split(separator: "/").map(String.init)
        while true {
            let directory = components.isEmpty ? root : root + "/" + components.joined(separator: "/")
            if fileManager.fileExists(atPath: directory + "/" + Self.chartFileName)
                && fileManager.fileExists(atPath: directory + "/" + Self.chartValuesFileName)
            {
                return true
            }
            guard !components.isEmpty else { return false }
            components.removeLast()
        }
    }

    /// Whether `absolute`, symlinks resolved, lies in the repository checkout.
    func isInside(_ absolute: String) -> Bool {
        let target = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        return target == resolvedRoot || target.hasPrefix(resolvedRoot + "/")
    }

    /// `true` for a directory, `false` for a file, `nil` for things not to load: symlinks to
    /// directories (loops), sockets, broken links. A symlink leading outside the repository
    /// is an error (as kustomize's load restrictor refuses it): skipping it silently would
    /// let the sync prune what the file used to define.
    func kind(of relative: String) throws -> Bool? {
        let absolute = "\(root)/\(relative)"
        let attributes = try fileManager.attributesOfItem(atPath: absolute)
        guard let type = attributes[.type] as? FileAttributeType else { return nil }
        switch type {
        case .typeDirectory: return true
        case .typeRegular: return false
        case .typeSymbolicLink:
            let target = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
            guard isInside(absolute) else {
                var targetIsDirectory: ObjCBool = false
                let exists = fileManager.fileExists(atPath: target, isDirectory: &targetIsDirectory)
                guard exists, Self.manifestKind(of: relative) != nil || targetIsDirectory.boolValue else { return nil }
                throw ManifestError(
                    code: .invalidPath, file: relative, line: nil,
                    message: "symlink leads outside the repository; refused (files must be in the repository checkout)")
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return nil
            }
            return false
        default: return nil
        }
    }

    func loadIgnoreFile(in directory: String, into rules: inout IgnoreRules, errors: inout [ManifestError]) {
        let relative = directory.isEmpty ? Self.ignoreFileName : "\(directory)/\(Self.ignoreFileName)"
        let absolute = "\(root)/\(relative)"
        guard fileManager.fileExists(atPath: absolute) else { return }
        do {
            let contents = try String(contentsOfFile: absolute, encoding: .utf8)
            rules.add(fileContents: contents, base: directory)
        } catch {
            errors.append(
                ManifestError(code: .unreadable, file: relative, line: nil, message: "cannot read .fluxignore: \(error)"))
        }
    }

    /// `false` for YAML, `true` for JSON, `nil` for other files.
    static func manifestKind(of name: String) -> Bool? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return extensions[name[name.index(after: dot)...].lowercased()]
    }

    /// Cleans a configured path: no leading `./` or `/`, no `..` escaping the repository.
    static func normalize(_ path: String) -> Result<String, ManifestError> {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else {
                    return .failure(
                        ManifestError(
                            code: .invalidPath, file: path, line: nil, message: "configured path leaves the repository"))
                }
                components.removeLast()
            default: components.append(component)
            }
        }
        return .success(components.joined(separator: "/"))
    }
}

extension ManifestTreeWalker.Entry {
    /// The file or directory as errors name it ("." for the root).
    var displayPath: String {
        switch self {
        case .file(let path, _): path
        case .kustomization(let directory): directory.isEmpty ? "." : directory
        }
    }
}
