/// Loads a description and, through `extends:`, the descriptions it builds on, then validates
/// the merged board.
enum PlatformLoader {
    /// Far beyond any sensible layering; bounds the recursion whatever the files say.
    static let maximumExtendsDepth = 16

    static func load(_ source: DescriptionSource) throws(PlatformError) -> PlatformDescription {
        let draft = try loadDraft(source, text: try source.text(), chain: [])
        return try PlatformValidator.validate(draft, sourcePath: source.sourcePath)
    }

    /// The draft of `source` with everything it extends applied beneath it. `chain` holds the
    /// sources that (transitively) extend this one, outermost first.
    private static func loadDraft(
        _ source: DescriptionSource, text: String, chain: [DescriptionSource]
    ) throws(PlatformError) -> PlatformDraft {
        let draft = try YAMLDocumentParser.read(text, file: source.displayName, PlatformDraftReader.read)
        guard let extends = draft.extends else { return draft }

        let parent = try source.resolve(extends)
        let chain = chain + [source]
        if chain.contains(where: { $0.identity == parent.identity }) {
            let cycle = (chain + [parent]).map(\.displayName).joined(separator: " -> ")
            throw extends.error("extends cycle: \(cycle)")
        }
        guard chain.count < maximumExtendsDepth else {
            throw extends.error("more than \(maximumExtendsDepth) levels of extends")
        }
        let parentText: String
        do {
            parentText = try parent.text()
        } catch {
            // An unknown name or unreadable file is this line's fault; the parent's own errors
            // (below) name the parent's file and line instead.
            throw extends.error(error.description)
        }
        return draft.applied(onto: try loadDraft(parent, text: parentText, chain: chain))
    }
}
