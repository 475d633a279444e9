import FluxAPI
import GitRepository
import ImageAutomation

/// What `AutomationLoop` runs as a job: one automation pass (`AutomationPass` is the real one;
/// unit tests count passes and script commits, so the loop's timing is tested without git).
protocol AutomationPassRunning: Sendable {
    func run() async throws -> (changes: [ImageChange], commit: GitCommitResult?)
}

/// What `AutomationLoop` hears from image scanning: the repositories that got new tags.
/// `ImageScanService` is the real one.
protocol NewTagsAnnouncing: Sendable {
    var newTags: AsyncStream<Set<String>> { get }
}

extension AutomationPass: AutomationPassRunning {}
extension ImageScanService: NewTagsAnnouncing {}
