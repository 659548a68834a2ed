/// User information configuration registers: a 4 KB page of flash at 0x10001000 holding the
/// customer words, reset-pin and protection settings. Like flash, firmware reads it directly and
/// changes it only through the NVMC (a word write clears bits, ERASEUICR/ERASEALL set them back
/// to 1); writes while the NVMC does not allow writing leave it unchanged. Its content persists
/// with `--flash-image`. Offsets without a register in the SVD read 0 (not stored).
final class UICR: RegisterBlock {
    static let pageSize = 4096
    /// The page's words, erased to 0xFFFFFFFF.
    private(set) var words = [UInt32](repeating: 0xFFFF_FFFF, count: UICR.pageSize / 4)
    /// The flash controller that decides whether a write programs the word (set by NVMC).
    var program: ((_ offset: UInt32, _ value: UInt32) -> Void)?

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, layout: layout.layout, log: context.log, now: context.now)
        for register in layout.layout.registers where Int(register.offset) < UICR.pageSize {
            let word = Int(register.offset / 4)
            onRead(register.name) { [unowned self] _ in self.words[word] }
            onWrite(register.name) { [unowned self] value in self.program?(register.offset, value) }
        }
    }

    /// NOR-flash programming: bits written as 0 become 0; nothing becomes 1 again.
    func write(word offset: UInt32, value: UInt32) {
        words[Int(offset / 4) % words.count] &= value
    }

    func erase() {
        words = [UInt32](repeating: 0xFFFF_FFFF, count: UICR.pageSize / 4)
    }

    /// The page as bytes (little-endian), for the flash image.
    var bytes: [UInt8] {
        words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    func load(_ bytes: [UInt8]) {
        precondition(bytes.count == UICR.pageSize)
        for i in words.indices {
            words[i] = (0..<4).reduce(0) { $0 | UInt32(bytes[4 * i + $1]) << (8 * UInt32($1)) }
        }
    }

    // A system reset leaves non-volatile memory as it is.
}
