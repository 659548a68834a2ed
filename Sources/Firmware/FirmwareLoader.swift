/// Entry points for loading firmware images from disk or from memory.
public enum FirmwareLoader {
    /// Loads the image at `path`.
    ///
    /// The format is `format` when given; otherwise it is detected from the content (ELF magic
    /// → ELF, text starting with an Intel HEX record → Intel HEX) and then from the file
    /// extension (.elf/.axf, .hex/.ihex, .bin). `loadAddress` is required for raw binaries and
    /// rejected for formats that carry their own addresses.
    public static func load(
        path: String,
        format: FirmwareFormat? = nil,
        loadAddress: UInt32? = nil
    ) throws(FirmwareError) -> FirmwareImage {
        let bytes = try FileReader.readAll(path: path)
        let chosenFormat: FirmwareFormat
        if let format {
            chosenFormat = format
        } else if let detected = detectFormat(bytes: bytes, path: path) {
            chosenFormat = detected
        } else {
            throw FirmwareError(
                path: path,
                message: "cannot determine firmware format (not ELF or Intel HEX, and extension is not .elf/.axf/.hex/.ihex/.bin)"
            )
        }

        switch chosenFormat {
        case .elf, .intelHex:
            if let loadAddress {
                throw FirmwareError(
                    path: path,
                    message: "load address \(AddressFormatting.hex32(loadAddress)) given, but \(chosenFormat.displayName) images carry their own addresses; a load address applies only to raw binaries"
                )
            }
            if chosenFormat == .elf {
                return try loadELF(bytes: bytes, path: path)
            }
            return try loadIntelHex(text: String(decoding: bytes, as: UTF8.self), path: path)
        case .binary:
            guard let loadAddress else {
                throw FirmwareError(path: path, message: "raw binary images need a load address")
            }
            return try loadBinary(bytes: bytes, path: path, at: loadAddress)
        }
    }

    /// Content first (it cannot lie about being ELF), then the extension.
    static func detectFormat(bytes: [UInt8], path: String) -> FirmwareFormat? {
        if bytes.starts(with: ELFConstants.magic) { return .elf }
        if looksLikeIntelHex(bytes) { return .intelHex }
        return format(forExtensionOf: path)
    }

    /// Starts (after optional whitespace or a UTF-8 byte order mark) with ':' followed by two
    /// hex digits. Requiring the digits keeps a raw binary that happens to start with 0x3a
    /// from being taken for text.
    private static func looksLikeIntelHex(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) {
            index += 1
        }
        guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
        return IntelHexParser.hexDigitValue(bytes[index + 1]) != nil
            && IntelHexParser.hexDigitValue(bytes[index + 2]) != nil
    }

    private static func format(forExtensionOf path: String) -> FirmwareFormat? {
        let fileName = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "elf", "axf": return .elf
        case "hex", "ihex": return .intelHex
        case "bin": return .binary
        default: return nil
        }
    }
}

extension FirmwareFormat {
    /// Human-readable name for messages.
    var displayName: String {
        switch self {
        case .elf: "ELF"
        case .intelHex: "Intel HEX"
        case .binary: "raw binary"
        }
    }
}
