import Testing

@Suite struct YAMLEditingTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
