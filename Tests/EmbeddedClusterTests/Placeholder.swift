import Testing

@Suite struct EmbeddedClusterTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
