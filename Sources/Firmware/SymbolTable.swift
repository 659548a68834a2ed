/// A named address from an image's symbol table.
public struct FirmwareSymbol: Equatable, Sendable {
    public var name: String
    /// For functions, the Thumb bit (bit 0) is cleared so this is the address of the first instruction.
    public var address: UInt32
    public var size: UInt32
    public var isFunction: Bool

    public init(name: String, address: UInt32, size: UInt32, isFunction: Bool) {
        self.name = name
        self.address = address
        self.size = size
        self.isFunction = isFunction
    }
}

/// Symbols of an image, indexed for address → symbol lookups (used for every traced
/// instruction, so lookups are binary searches) and name → address lookups.
public struct SymbolTable: Equatable, Sendable {
    /// All symbols, sorted by address; at equal addresses the preferred one comes first.
    public let symbols: [FirmwareSymbol]
    /// At most one symbol per address, ascending, used for binary search.
    private let lookupOrder: [FirmwareSymbol]
    private let addressesByName: [String: UInt32]

    public init(_ symbols: [FirmwareSymbol]) {
        let sorted = symbols.sorted(by: Self.precedes)
        self.symbols = sorted
        self.lookupOrder = Self.lookupCandidates(sorted)
        var addressesByName: [String: UInt32] = [:]
        addressesByName.reserveCapacity(sorted.count)
        for symbol in sorted where addressesByName[symbol.name] == nil {
            addressesByName[symbol.name] = symbol.address
        }
        self.addressesByName = addressesByName
    }

    public var isEmpty: Bool { symbols.isEmpty }

    /// The symbol containing `address`, or else the nearest symbol before it; nil when no
    /// symbol starts at or below `address`. O(log n).
    public func lookup(_ address: UInt32) -> (symbol: FirmwareSymbol, offset: UInt32)? {
        // Binary search for the first candidate starting above `address`.
        var low = 0
        var high = lookupOrder.count
        while low < high {
            let middle = low + (high - low) / 2
            if lookupOrder[middle].address <= address {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low > 0 else { return nil }
        let symbol = lookupOrder[low - 1]
        return (symbol, address &- symbol.address)
    }

    /// "main+0x1c", "main" at offset 0, or "0x00001234" when no symbol plausibly covers the
    /// address (none precedes it, or the preceding one has a known size that ends before it).
    public func describe(_ address: UInt32) -> String {
        guard let (symbol, offset) = lookup(address),
              symbol.size == 0 || offset < symbol.size
        else {
            return AddressFormatting.hex32(address)
        }
        return offset == 0 ? symbol.name : "\(symbol.name)+\(AddressFormatting.hex(offset))"
    }

    /// Address of the symbol called `name` (Thumb bit cleared for functions). When several
    /// symbols share a name (file-local statics), the lowest address wins.
    public func address(of name: String) -> UInt32? {
        addressesByName[name]
    }

    /// Sort order: by address; at the same address functions beat objects beat untyped
    /// labels, and sized symbols beat zero-sized ones, so lookups report the most
    /// meaningful name. Names break remaining ties so the order is deterministic.
    private static func precedes(_ a: FirmwareSymbol, _ b: FirmwareSymbol) -> Bool {
        if a.address != b.address { return a.address < b.address }
        if a.isFunction != b.isFunction { return a.isFunction }
        if (a.size > 0) != (b.size > 0) { return a.size > 0 }
        return a.name < b.name
    }

    /// One symbol per address, skipping zero-sized labels that fall strictly inside a sized
    /// symbol (e.g. linker-script markers inside a function), so that lookups inside that
    /// symbol still find the symbol that actually contains the address.
    private static func lookupCandidates(_ sorted: [FirmwareSymbol]) -> [FirmwareSymbol] {
        var candidates: [FirmwareSymbol] = []
        candidates.reserveCapacity(sorted.count)
        var enclosingEnd: UInt64 = 0
        for symbol in sorted {
            if let last = candidates.last, last.address == symbol.address { continue }
            let start = UInt64(symbol.address)
            if symbol.size == 0, start < enclosingEnd { continue }
            candidates.append(symbol)
            enclosingEnd = max(enclosingEnd, start + UInt64(symbol.size))
        }
        return candidates
    }
}
