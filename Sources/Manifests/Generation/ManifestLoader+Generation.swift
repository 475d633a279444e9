import KubernetesModel

extension ManifestLoader {
    /// Splits the configured paths into those governed by a `.flux.yaml` and plain ones
    /// (no file, or `files: {}`). A path whose `.flux.yaml` is broken is neither: its error
    /// fails the load.
    func splitGenerated(_ paths: [String]) -> (plain: [String], configs: [GenerationConfig], errors: [ManifestError]) {
        var plain: [String] = []
        var configs: [GenerationConfig] = []
        var errors: [ManifestError] = []
        for rawPath in paths.isEmpty ? [""] : paths {
            let path: String
            switch ManifestTreeWalker.normalize(rawPath) {
            case .success(let normalized): path = normalized
            case .failure:
                plain.append(rawPath)  // the walker reports it
                continue
            }
            do throws(ManifestGenerationError) {
                if let config = try GenerationConfig.find(root: root, target: path), config.mode != .files {
                    if !configs.contains(config) { configs.append(config) }
                } else {
                    plain.append(rawPath)
                }
            } catch {
                errors.append(error.manifestError)
            }
        }
        return (plain, configs, errors)
    }

    /// Runs each configuration's generators (one configuration at a time, generators in
    /// order, as Flux does) and decodes their objects.
    func generate(_ configs: [GenerationConfig]) async -> [DocumentDecoder.Output] {
        let generation = ManifestGeneration(root: root, timeout: generationTimeout)
        var outputs: [DocumentDecoder.Output] = []
        for config in configs {
            var output = DocumentDecoder.Output()
            do throws(ManifestGenerationError) {
                let source = ManifestSource(path: config.sourceName, line: nil)
                for object in try await generation.generate(config) {
                    DocumentDecoder.add(object, source: source, into: &output)
                }
            } catch {
                output.errors.append(error.manifestError)
            }
            outputs.append(output)
        }
        return outputs
    }
}
