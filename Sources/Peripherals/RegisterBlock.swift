import Emulation

/// Where peripherals report what firmware does to them: every access as a line for
/// `--trace-mmio`, and, once per register, accesses to registers that are known (they are in
/// the chip's SVD) but whose behaviour is not modelled.
public final class MMIOLog {
    /// Receives one line per access when tracing (`cycle  PERIPHERAL.REGISTER <- value`).
    public var trace: ((String) -> Void)?
    /// Receives each "known but not modelled" note once.
    public var note: (String) -> Void
    private var noted: Set<String> = []

    public init(note: @escaping (String) -> Void = { _ in }) {
        self.note = note
    }

    func access(_ cycle: UInt64, _ peripheral: String, _ register: String, write: Bool, _ value: UInt32) {
        guard let trace else { return }
        trace("\(cycle)  \(peripheral).\(register) \(write ? "<-" : "->") \(value.hexString)")
    }

    func unmodelled(_ what: String) {
        noteOnce(what, "\(what) is not modelled (plain storage: it reads back its reset value or what was written)")
    }

    /// Reports `text` the first time `key` comes up.
    func noteOnce(_ key: String, _ text: String) {
        guard noted.insert(key).inserted else { return }
        note(text)
    }

    /// An address inside a peripheral where the SVD lists no register (errata workarounds use
    /// such addresses): reads give 0, writes are dropped.
    func unknownAddress(_ what: String) {
        noteOnce(what, "\(what) is not a register in the SVD (reads 0, writes are ignored)")
    }

    /// The notes made so far, in order of first appearance.
    public var notes: [String] { noted.sorted() }
}

/// A memory-mapped peripheral built from its register list: each register is declared once
/// (from the SVD table) with its name, offset, reset value and access; a model attaches
/// behaviour to the registers it implements. Registers without behaviour keep what is written
/// (so firmware reading back its configuration works) and are reported once as not modelled.
open class RegisterBlock: Peripheral {
    public let name: String
    public let base: UInt32
    public let size: UInt32
    public let log: MMIOLog
    /// The current cycle, for the trace.
    let now: () -> UInt64
    let layout: RegisterLayout
    /// Register values by index in `layout.registers`. (The tables here are read on every
    /// access and never accessed reentrantly: no dynamic exclusivity checks.)
    @exclusivity(unchecked) public private(set) var values: [UInt32]
    @exclusivity(unchecked) private var indexByWord: [Int32]
    private let indexByName: [String: Int]
    @exclusivity(unchecked) private var readHandlers: [((UInt32) -> UInt32)?]
    @exclusivity(unchecked) private var writeHandlers: [((UInt32) -> Void)?]
    @exclusivity(unchecked) private var modelled: [Bool]
    @exclusivity(unchecked) private var clearsOnWriteOne: [Bool]

    public init(name: String, base: UInt32, layout: RegisterLayout, size: UInt32 = 0x1000, log: MMIOLog,
                now: @escaping () -> UInt64) {
        self.name = name
        self.base = base
        self.size = size
        self.layout = layout
        self.log = log
        self.now = now
        values = layout.registers.map(\.reset)
        indexByName = Dictionary(layout.registers.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        indexByWord = Array(repeating: -1, count: Int(size / 4))
        for (i, register) in layout.registers.enumerated() where register.offset < size {
            indexByWord[Int(register.offset / 4)] = Int32(i)
        }
        readHandlers = Array(repeating: nil, count: layout.registers.count)
        writeHandlers = Array(repeating: nil, count: layout.registers.count)
        modelled = Array(repeating: false, count: layout.registers.count)
        clearsOnWriteOne = Array(repeating: false, count: layout.registers.count)
    }

    // MARK: Declaring behaviour

    /// The index of a register by its SVD name; a typo is a programming error.
    public func index(_ register: String) -> Int {
        guard let i = indexByName[register] else {
            preconditionFailure("\(name) has no register \(register)")
        }
        return i
    }

    public func hasRegister(_ register: String) -> Bool {
        indexByName[register] != nil
    }

    /// Plain storage is the modelled behaviour (configuration registers read back as written).
    public func storage(_ registers: String...) {
        for register in registers { modelled[index(register)] = true }
    }

    /// Bits written as 1 clear the register's bits (status registers such as RESETREAS).
    public func writeOneToClear(_ registers: String...) {
        for register in registers {
            modelled[index(register)] = true
            clearsOnWriteOne[index(register)] = true
        }
    }

    /// Runs `handler` after firmware writes the register (the value is stored first).
    public func onWrite(_ register: String, _ handler: @escaping (UInt32) -> Void) {
        let i = index(register)
        modelled[i] = true
        writeHandlers[i] = handler
    }

    /// Computes what firmware reads (given the stored value).
    public func onRead(_ register: String, _ handler: @escaping (UInt32) -> UInt32) {
        let i = index(register)
        modelled[i] = true
        readHandlers[i] = handler
    }

    public subscript(register: String) -> UInt32 {
        get { values[index(register)] }
        set { values[index(register)] = newValue }
    }

    public subscript(index i: Int) -> UInt32 {
        get { values[i] }
        set { values[i] = newValue }
    }

    /// Reset values again (a system reset).
    open func reset() {
        values = layout.registers.map(\.reset)
    }

    // MARK: Peripheral

    public func read(offset: UInt32, size accessSize: Int) -> UInt32? {
        let word = offset & ~3
        let shift = (offset & 3) * 8
        guard Int(word / 4) < indexByWord.count, case let i = Int(indexByWord[Int(word / 4)]), i >= 0 else {
            log.unknownAddress("\(name)+\(word.hexString)")
            return 0
        }
        let register = layout.registers[i]
        var value: UInt32
        if register.access == .writeOnly {
            value = 0
        } else if let handler = readHandlers[i] {
            value = handler(values[i])
        } else {
            value = values[i]
            if !modelled[i] { log.unmodelled("\(name).\(register.name)") }
        }
        log.access(now(), name, register.name, write: false, value)
        value >>= shift
        return accessSize == 4 ? value : value & (accessSize == 2 ? 0xFFFF : 0xFF)
    }

    public func write(offset: UInt32, size accessSize: Int, value: UInt32) -> Bool {
        write(offset: offset, size: accessSize, value: value, reported: true)
    }

    /// Whether the register at `offset` has behaviour (so an access to it is not noted).
    func models(offset: UInt32) -> Bool {
        let word = Int((offset & ~3) / 4)
        guard word < indexByWord.count, case let i = Int(indexByWord[word]), i >= 0 else { return false }
        return modelled[i]
    }

    /// A write that is not traced or noted when `reported` is false (a shared window copying a
    /// configuration write into the blocks that are not the one it reports under).
    public func write(offset: UInt32, size accessSize: Int, value: UInt32, reported: Bool) -> Bool {
        let word = offset & ~3
        let shift = (offset & 3) * 8
        guard Int(word / 4) < indexByWord.count, case let i = Int(indexByWord[Int(word / 4)]), i >= 0 else {
            log.unknownAddress("\(name)+\(word.hexString)")
            return true
        }
        let register = layout.registers[i]
        let lanes: UInt32 = accessSize == 4 ? 0xFFFF_FFFF : (accessSize == 2 ? 0xFFFF : 0xFF) << shift
        let merged = (values[i] & ~lanes) | ((value << shift) & lanes)
        if reported { log.access(now(), name, register.name, write: true, merged) }
        guard register.access != .readOnly else { return true }
        values[i] = clearsOnWriteOne[i] ? values[i] & ~((value << shift) & lanes) : merged
        if let handler = writeHandlers[i] {
            handler(merged)
        } else if !modelled[i] && reported {
            log.unmodelled("\(name).\(register.name)")
        }
        return true
    }
}
