import Emulation

/// A semihosting call that cannot be carried out because the guest's parameters are not
/// where it said; the run stops with `message`.
struct SemihostingFault: Error {
    let message: String
}

/// Guest memory as one semihosting call sees it. Parameter blocks and the small structures
/// they point to must be fully accessible (anything else is a firmware bug worth stopping
/// on); bulk data transfers instead go as far as memory allows, in bounded chunks, so a bogus
/// length can neither fault the run nor make the host allocate gigabytes.
struct SemihostingGuestMemory {
    /// Largest piece of guest data held on the host at once.
    static let chunkSize = 64 * 1024

    let bus: Bus
    let operation: SemihostingOperation

    func fault(_ what: String, at address: UInt32, _ problem: String) -> SemihostingFault {
        SemihostingFault(message: "semihosting \(operation.name): \(what) at \(semihostingHex(address, digits: 8)) is not \(problem)")
    }

    func words(at address: UInt32, count: Int, what: String = "parameter block") throws(SemihostingFault) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(count)
        for i in 0..<count {
            guard let word = bus.read(address &+ UInt32(4 * i), size: 4) else {
                throw fault(what, at: address, "readable")
            }
            result.append(word)
        }
        return result
    }

    func store(words: [UInt32], at address: UInt32, what: String = "parameter block") throws(SemihostingFault) {
        for (i, word) in words.enumerated() where !bus.write(address &+ UInt32(4 * i), size: 4, value: word) {
            throw fault(what, at: address, "writable")
        }
    }

    /// Exactly `count` bytes (callers bound `count`), or a fault naming `what`.
    func bytes(at address: UInt32, count: Int, what: String) throws(SemihostingFault) -> [UInt8] {
        guard let bytes = bus.readBytes(address, count: count) else { throw fault(what, at: address, "readable") }
        return bytes
    }

    func store(bytes: [UInt8], at address: UInt32, what: String) throws(SemihostingFault) {
        guard bus.writeBytes(address, bytes) else { throw fault(what, at: address, "writable") }
    }

    /// Up to `count` (at most one chunk) bytes from `address`, stopping at the first byte that
    /// cannot be read.
    func readablePrefix(at address: UInt32, count: Int) -> [UInt8] {
        if let whole = bus.readBytes(address, count: count) { return whole }
        var prefix = [UInt8]()
        for i in 0..<count {
            guard let byte = bus.read(address &+ UInt32(i), size: 1) else { break }
            prefix.append(UInt8(byte))
        }
        return prefix
    }

    /// Stores as many leading bytes of `data` as memory accepts; returns how many.
    func storePrefix(_ data: [UInt8], at address: UInt32) -> Int {
        if bus.writeBytes(address, data) { return data.count }
        for (i, byte) in data.enumerated() where !bus.write(address &+ UInt32(i), size: 1, value: UInt32(byte)) {
            return i
        }
        return data.count
    }
}
