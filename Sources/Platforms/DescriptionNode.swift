import Yams

/// A YAML node together with the file, line and key path it was found at. Every typed read
/// either returns the value or throws a `PlatformError` pointing at that line.
struct DescriptionNode {
    let node: Node
    let file: String
    /// e.g. `memory[1].size`; empty for the document root.
    let keyPath: String
    /// For a mapping value, the line of its key: a block value starts on a later line, and libyaml
    /// places an empty value at the next token, which may be lines further on.
    let line: Int

    /// The document root, or an item of a list, located at its own mark.
    init(node: Node, file: String, keyPath: String) {
        self.init(node: node, file: file, keyPath: keyPath, line: node.mark?.line ?? 1)
    }

    private init(node: Node, file: String, keyPath: String, line: Int) {
        self.node = node
        self.file = file
        self.keyPath = keyPath
        self.line = line
    }

    var location: SourceLocation {
        SourceLocation(file: file, line: line)
    }

    func error(_ problem: String) -> PlatformError {
        PlatformError(at: location, keyPath, problem)
    }

    func located<Value>(_ value: Value) -> Located<Value> {
        Located(value: value, location: location, keyPath: keyPath)
    }

    /// `key:` with nothing after it, `~` or `null`, written without quotes.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A short description of what the node is, for "found ..." in messages.
    var foundDescription: String {
        switch node {
        case .scalar(let scalar): isNull ? "nothing" : quoted(scalar.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    // MARK: Scalars

    /// Any non-null scalar, as written.
    func text(expected: String = "a value") throws(PlatformError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("expected \(expected), found \(foundDescription)")
        }
        return scalar.string
    }

    /// A name usable on the command line and in cross references: letters, digits, `-`, `_`, `.`.
    func name() throws(PlatformError) -> String {
        let name = try text(expected: "a name")
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        guard allowed else {
            throw error("expected a name of letters, digits, '-', '_' or '.', found \(quoted(name))")
        }
        return name
    }

    /// A number parsed by `parse`; `expected` describes the accepted forms for the message.
    func number(_ parse: (String) -> UInt64?, expected: String) throws(PlatformError) -> UInt64 {
        let written = try text(expected: expected)
        guard let value = parse(written) else {
            throw error("expected \(expected), found \(quoted(written))")
        }
        return value
    }

    func integer(in range: ClosedRange<Int>, expected: String) throws(PlatformError) -> Int {
        let value = try number(NumberSyntax.unsignedInteger, expected: expected)
        guard value <= UInt64(range.upperBound), range.contains(Int(value)) else {
            throw error("expected \(expected) in \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
        return Int(value)
    }

    /// `true` or `false`.
    func boolean() throws(PlatformError) -> Bool {
        let written = try text(expected: "true or false")
        guard let value = ["true": true, "false": false][written] else {
            throw error("expected true or false, found \(quoted(written))")
        }
        return value
    }

    func address() throws(PlatformError) -> UInt32 {
        let value = try number(NumberSyntax.unsignedInteger, expected: "an address like 0x20000000")
        guard let address = UInt32(exactly: value) else {
            throw error("address \(foundDescription) is past the 32-bit address space")
        }
        return address
    }

    /// A non-zero byte count that fits the 32-bit address space.
    func byteSize() throws(PlatformError) -> UInt32 {
        let value = try number(NumberSyntax.byteSize, expected: "a size like 256K, 1M or 0x40000")
        guard value > 0 else { throw error("size must not be zero") }
        guard let size = UInt32(exactly: value) else {
            throw error("size \(foundDescription) does not fit the 4 GiB address space")
        }
        return size
    }

    // MARK: Collections

    /// The entries of a mapping in written order; keys must be plain scalars and unique.
    /// A null node reads as an empty mapping when `nullIsEmpty`.
    func entries(nullIsEmpty: Bool = false) throws(PlatformError) -> [(key: String, value: DescriptionNode)] {
        if nullIsEmpty && isNull { return [] }
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of keys to values, found \(foundDescription)")
        }
        var entries: [(key: String, value: DescriptionNode)] = []
        var firstLines: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            let keyLine = keyNode.mark?.line ?? line
            guard case .scalar(let keyScalar) = keyNode else {
                throw PlatformError(at: SourceLocation(file: file, line: keyLine), keyPath, "expected a key name, found a complex key")
            }
            let key = keyScalar.string
            let path = keyPath.isEmpty ? key : "\(keyPath).\(key)"
            if let firstLine = firstLines[key] {
                throw PlatformError(at: SourceLocation(file: file, line: keyLine), path, "duplicate key (first given at line \(firstLine))")
            }
            firstLines[key] = keyLine
            entries.append((key, DescriptionNode(node: valueNode, file: file, keyPath: path, line: keyLine)))
        }
        return entries
    }

    /// A mapping whose keys must all be in `allowedKeys`; an unknown key is an error naming it.
    func fields(allowed allowedKeys: [String]) throws(PlatformError) -> [String: DescriptionNode] {
        var fields: [String: DescriptionNode] = [:]
        for (key, value) in try entries() {
            guard allowedKeys.contains(key) else {
                throw value.error("unknown key (expected one of: \(allowedKeys.joined(separator: ", ")))")
            }
            fields[key] = value
        }
        return fields
    }

    /// The items of a list; a null node reads as an empty list.
    func items() throws(PlatformError) -> [DescriptionNode] {
        if isNull { return [] }
        guard case .sequence(let sequence) = node else {
            throw error("expected a list, found \(foundDescription)")
        }
        return sequence.enumerated().map { index, item in
            DescriptionNode(node: item, file: file, keyPath: "\(keyPath)[\(index)]")
        }
    }

    /// Free-form `key: value` settings with scalar values, kept as written.
    func parameters() throws(PlatformError) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in try entries(nullIsEmpty: true) {
            parameters[key] = try value.text(expected: "a single value (a number, word or quoted text)")
        }
        return parameters
    }
}
