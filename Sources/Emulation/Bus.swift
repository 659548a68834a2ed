/// Why an access could not complete, for diagnostics and (later) precise BusFaults.
public enum BusError: Error, Equatable, Sendable {
    case unmapped(address: UInt32)
    case readOnly(address: UInt32, region: String)
    case peripheralRejected(address: UInt32, peripheral: String)
    /// Refused by the CPU before reaching the bus: unaligned while alignment traps are on.
    case unaligned(address: UInt32)
    /// Refused by the memory protection unit.
    case protectionViolation(address: UInt32)

    public var address: UInt32 {
        switch self {
        case .unmapped(let a), .readOnly(let a, _), .peripheralRejected(let a, _), .unaligned(let a),
             .protectionViolation(let a): return a
        }
    }

    public var reason: String {
        switch self {
        case .unmapped: return "unmapped address"
        case .readOnly(_, let region): return "write to read-only \(region)"
        case .peripheralRejected(_, let name): return "access rejected by \(name)"
        case .unaligned: return "unaligned access"
        case .protectionViolation: return "MPU violation"
        }
    }
}

/// Watches data accesses for a debugger (watchpoints). The CPU consults it on its checked slow
/// path, which every access takes while one is set; `true` refuses the access.
public protocol AccessWatch: AnyObject {
    func refuses(_ address: UInt32, _ size: Int, write: Bool) -> Bool
}

/// The system bus: memory regions and memory-mapped peripherals. The CPU reaches flash and RAM
/// through direct pointers; everything else (and every access a debugger, semihosting or DMA
/// makes) goes through these slower, checked paths.
public final class Bus {
    // Read on every slow-path access and changed only while the machine is built: no dynamic
    // exclusivity checks.
    @exclusivity(unchecked) public private(set) var regions: [MemoryRegion] = []
    @exclusivity(unchecked) public private(set) var peripherals: [PeripheralMapping] = []
    // Where each region and peripheral sits, as plain numbers: finding the one an address falls
    // in then costs no reference counting (iterating the arrays above retains every element),
    // and the peripheral hit last is tried first (firmware polls one register at a time).
    @exclusivity(unchecked) private var regionBases: [UInt32] = []
    @exclusivity(unchecked) private var regionSizes: [UInt32] = []
    @exclusivity(unchecked) private var mappingBases: [UInt32] = []
    @exclusivity(unchecked) private var mappingSizes: [UInt32] = []
    /// Whether an earlier mapping overlaps this one (then the earlier one wins where they do).
    @exclusivity(unchecked) private var mappingShadowed: [Bool] = []
    @exclusivity(unchecked) private var lastMapping = 0
    /// The most recent failed access, kept for the diagnosis when a run stops on it.
    public private(set) var lastError: BusError?
    /// A debugger's watchpoints, if any are set.
    public var watch: (any AccessWatch)?

    public init() {}

    /// Records an access the memory protection unit refused, for the fault that follows.
    public func recordProtectionViolation(_ address: UInt32) {
        lastError = .protectionViolation(address: address)
    }

    /// Records an access the CPU refused for alignment, for the fault that follows.
    public func recordUnaligned(_ address: UInt32) {
        lastError = .unaligned(address: address)
    }

    public func add(_ region: MemoryRegion) {
        regions.append(region)
        regions.sort { $0.base < $1.base }
        regionBases = regions.map(\.base)
        regionSizes = regions.map(\.size)
    }

    public func map(_ peripheral: any Peripheral, base: UInt32, size: UInt32) {
        peripherals.append(PeripheralMapping(base: base, size: size, peripheral: peripheral))
        let end = UInt64(base) + UInt64(size)
        mappingShadowed.append(zip(mappingBases, mappingSizes).contains { UInt64($0) < end && UInt64(base) < UInt64($0) + UInt64($1) })
        mappingBases.append(base)
        mappingSizes.append(size)
    }

    /// The first mapping (in mapping order) whose window holds `address`.
    @inline(__always)
    private func mappingIndex(_ address: UInt32) -> Int? {
        let last = lastMapping
        if last < mappingBases.count && address &- mappingBases[last] < mappingSizes[last] && !mappingShadowed[last] {
            return last
        }
        guard let i = firstMapping(before: mappingBases.count, holding: address) else { return nil }
        lastMapping = i
        return i
    }

    private func firstMapping(before end: Int, holding address: UInt32) -> Int? {
        var i = 0
        while i < end {
            if address &- mappingBases[i] < mappingSizes[i] { return i }
            i += 1
        }
        return nil
    }

    public func region(containing address: UInt32, count: UInt32 = 1) -> MemoryRegion? {
        for i in regionBases.indices where address &- regionBases[i] < regionSizes[i] {
            let region = regions[i]
            if region.contains(address, count: count) { return region }
        }
        return nil
    }

    // MARK: Word/halfword/byte accesses (little-endian)

    /// A CPU-visible read of 1, 2 or 4 bytes. Unaligned accesses that cross a region boundary
    /// are split into bytes.
    public func read(_ address: UInt32, size: Int) -> UInt32? {
        if let region = region(containing: address, count: UInt32(size)) {
            let p = region.bytes + Int(address &- region.base)
            switch size {
            case 1: return UInt32(p.load(as: UInt8.self))
            case 2: return UInt32(UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)))
            default: return UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
            }
        }
        if let i = mappingIndex(address) {
            let mapping = peripherals[i]
            if let value = mapping.peripheral.read(offset: address &- mapping.base, size: size) { return value }
            lastError = .peripheralRejected(address: address, peripheral: mapping.peripheral.name)
            return nil
        }
        if size > 1, region(containing: address) != nil {
            var value: UInt32 = 0
            for i in 0..<size {
                guard let byte = read(address &+ UInt32(i), size: 1) else { return nil }
                value |= byte << (8 * UInt32(i))
            }
            return value
        }
        lastError = .unmapped(address: address)
        return nil
    }

    /// A CPU-visible write of 1, 2 or 4 bytes; flash and ROM are read-only here.
    @discardableResult
    public func write(_ address: UInt32, size: Int, value: UInt32) -> Bool {
        if let region = region(containing: address, count: UInt32(size)) {
            guard region.isWritableByCPU else {
                if let programmer = region.programmer, programmer(address &- region.base, size, value) { return true }
                lastError = .readOnly(address: address, region: region.name)
                return false
            }
            let offset = address &- region.base
            let p = region.bytes + Int(offset)
            switch size {
            case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
            case 2: p.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: 0, as: UInt16.self)
            default: p.storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt32.self)
            }
            region.onExternalWrite?(offset, UInt32(size))
            return true
        }
        if let i = mappingIndex(address) {
            let mapping = peripherals[i]
            if mapping.peripheral.write(offset: address &- mapping.base, size: size, value: value) { return true }
            lastError = .peripheralRejected(address: address, peripheral: mapping.peripheral.name)
            return false
        }
        if size > 1, region(containing: address) != nil {
            for i in 0..<size where !write(address &+ UInt32(i), size: 1, value: value >> (8 * UInt32(i))) {
                return false
            }
            return true
        }
        lastError = .unmapped(address: address)
        return false
    }

    // MARK: Block accesses (semihosting, debugger, loaders)

    /// Reads `count` bytes of memory (not peripherals); nil if any byte is unmapped.
    public func readBytes(_ address: UInt32, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        if let region = region(containing: address, count: UInt32(clamping: count)) {
            return region.fetch(address, count: count)
        }
        var result = [UInt8]()
        result.reserveCapacity(count)
        for i in 0..<count {
            guard let byte = read(address &+ UInt32(truncatingIfNeeded: i), size: 1) else { return nil }
            result.append(UInt8(byte))
        }
        return result
    }

    /// Writes bytes with the CPU's permissions (RAM and peripherals, not flash).
    @discardableResult
    public func writeBytes(_ address: UInt32, _ data: [UInt8]) -> Bool {
        guard !data.isEmpty else { return true }
        if let region = region(containing: address, count: UInt32(clamping: data.count)) {
            guard region.isWritableByCPU else {
                lastError = .readOnly(address: address, region: region.name)
                return false
            }
            region.store(data, at: address)
            return true
        }
        for (i, byte) in data.enumerated() where !write(address &+ UInt32(truncatingIfNeeded: i), size: 1, value: UInt32(byte)) {
            return false
        }
        return true
    }

    /// Reads a NUL-terminated string of at most `limit` bytes.
    public func readCString(_ address: UInt32, limit: Int = 4096) -> [UInt8]? {
        var result = [UInt8]()
        var a = address
        while result.count < limit {
            guard let byte = read(a, size: 1) else { return nil }
            if byte == 0 { return result }
            result.append(UInt8(byte))
            a &+= 1
        }
        return result
    }
}
