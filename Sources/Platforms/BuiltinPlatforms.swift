/// The boards compiled into the module from `Platforms/*.yaml` (see Plugins/EmbedPlatforms),
/// so they need no source tree at run time.
enum BuiltinPlatforms {
    /// Description texts keyed by board name (the file name without `.yaml`).
    static let texts: [String: String] = Dictionary(
        uniqueKeysWithValues: EmbeddedPlatformTexts.byFileName.map { fileName, text in
            (String(fileName.dropLast(".yaml".count)), text)
        }
    )

    static let names: [String] = texts.keys.sorted()

    /// Each built-in parsed once, on first use. A built-in that fails to load is a bug in
    /// `Platforms/`, kept as its error so `load` can report it.
    static let loaded: [String: Result<PlatformDescription, PlatformError>] = Dictionary(
        uniqueKeysWithValues: names.map { name in
            (name, Result { () throws(PlatformError) in try PlatformLoader.load(.builtin(name: name)) })
        }
    )
}
