/// Finds board descriptions: the built-in boards by name, or YAML files by path.
public enum PlatformCatalog {
    /// Names of the built-in boards, sorted.
    public static var builtinNames: [String] { BuiltinPlatforms.names }

    public static func builtin(named name: String) -> PlatformDescription? {
        try? BuiltinPlatforms.loaded[name]?.get()
    }

    /// `nameOrPath`: a built-in name, or a path to a YAML file (anything containing '/' or
    /// ending in .yaml/.yml).
    public static func load(_ nameOrPath: String) throws(PlatformError) -> PlatformDescription {
        let source = DescriptionSource.named(nameOrPath)
        if case .builtin(let name) = source {
            guard let loaded = BuiltinPlatforms.loaded[name] else { throw PlatformError.unknownPlatform(name) }
            return try loaded.get()
        }
        return try PlatformLoader.load(source)
    }

    /// Parses description text. `path` names the file in messages and anchors relative
    /// `extends:` paths; without it they are relative to the working directory.
    public static func parse(yaml: String, path: String?) throws(PlatformError) -> PlatformDescription {
        try PlatformLoader.load(.text(yaml, path: path))
    }
}
