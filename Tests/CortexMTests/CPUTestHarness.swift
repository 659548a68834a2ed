import XCTest
@testable import CortexM
import Emulation

/// A bare Cortex-M4 for instruction tests: 1 MiB of flash at 0 and 256 KiB of RAM at
/// 0x20000000, code given as Thumb halfwords (assembled with arm-none-eabi-as when the tests
/// were written; the assembly is in a comment next to each literal).
final class CPUHarness {
    static let flashBase: UInt32 = 0
    static let flashSize: UInt32 = 0x10_0000
    static let ramBase: UInt32 = 0x2000_0000
    static let ramSize: UInt32 = 0x4_0000
    /// Initial SP: well inside RAM so pushes and pops have room on both sides.
    static let initialSP: UInt32 = 0x2000_1000
    /// A RAM area tests use for data.
    static let data: UInt32 = 0x2000_2000

    let bus = Bus()
    let flash: MemoryRegion
    let ram: MemoryRegion
    let cpu: CortexM4
    /// Where the code was placed; execution starts there.
    let codeAddress: UInt32
    let code: [UInt16]
    /// Why the last `run` returned.
    private(set) var stop: CPUStop = .budgetExhausted

    init(_ code: [UInt16], at address: UInt32 = flashBase, sp: UInt32 = initialSP) {
        flash = MemoryRegion(name: "flash", kind: .flash, base: Self.flashBase, size: Self.flashSize)
        ram = MemoryRegion(name: "ram", kind: .ram, base: Self.ramBase, size: Self.ramSize)
        bus.add(flash)
        bus.add(ram)
        cpu = CortexM4(bus: bus, clockHz: 1_000_000)
        // These tests check each instruction's own effect: a fault stops the run rather than
        // entering a handler (the exception model has its own tests).
        cpu.haltsOnFaults = true
        codeAddress = address
        self.code = code
        load(code, at: address)
        cpu.reset(sp: sp, pc: address | 1)
    }

    // MARK: Memory

    /// Stores halfwords (code or data) with `MemoryRegion.store`, as a loader would.
    func load(_ halfwords: [UInt16], at address: UInt32) {
        let bytes = halfwords.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        store(bytes, at: address)
    }

    func store(_ bytes: [UInt8], at address: UInt32) {
        guard let region = bus.region(containing: address, count: UInt32(bytes.count)) else {
            preconditionFailure("no memory at \(hexWord(address))")
        }
        region.store(bytes, at: address)
    }

    func store(words: [UInt32], at address: UInt32) {
        store(words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }, at: address)
    }

    func word(_ address: UInt32) -> UInt32? { bus.read(address, size: 4) }
    func half(_ address: UInt32) -> UInt32? { bus.read(address, size: 2) }
    func byte(_ address: UInt32) -> UInt32? { bus.read(address, size: 1) }

    // MARK: Registers and flags

    subscript(register: Int) -> UInt32 {
        get { cpu[register: register] }
        set { cpu[register: register] = newValue }
    }

    var pc: UInt32 { cpu.pc }
    var sp: UInt32 { cpu.sp }
    var lr: UInt32 { cpu[register: 14] }

    func set(_ registers: [Int: UInt32]) {
        for (index, value) in registers { cpu[register: index] = value }
    }

    /// Sets N Z C V Q from the letters present in `letters` (e.g. "ZC"); the others are cleared.
    func setFlags(_ letters: String) {
        var value = cpu.apsr & 0x000F_0000
        for (letter, bit) in [("N", 31), ("Z", 30), ("C", 29), ("V", 28), ("Q", 27)] as [(Character, UInt32)]
        where letters.uppercased().contains(letter) {
            value |= 1 << bit
        }
        cpu.apsr = value
    }

    /// N Z C V as four letters, upper case when set: "nZCv".
    var nzcv: String {
        let apsr = cpu.apsr
        return zip("NZCV", [31, 30, 29, 28] as [UInt32]).map { letter, bit in
            apsr & (1 << bit) != 0 ? String(letter) : String(letter).lowercased()
        }.joined()
    }

    var q: Bool { cpu.apsr & (1 << 27) != 0 }
    var ge: UInt8 { cpu.ge }

    // MARK: Running

    /// The number of instructions in straight-line code (data words would miscount: tests
    /// with literal pools or branches give the count explicitly).
    var straightLineInstructionCount: UInt64 {
        var count: UInt64 = 0
        var index = 0
        while index < code.count {
            index += code[index] >= 0xE800 ? 2 : 1
            count += 1
        }
        return count
    }

    /// Runs `count` instructions (default: every instruction of straight-line code once).
    @discardableResult
    func run(_ count: UInt64? = nil) -> CPUStop {
        stop = cpu.run(budget: count ?? straightLineInstructionCount)
        return stop
    }

    var halt: CPUHalt? {
        if case .halted(let halt) = stop { return halt }
        return nil
    }

    // MARK: Checks

    /// Checks that the run completed its budget and the given registers and flags hold the
    /// expected values; every message starts with `instruction`.
    @discardableResult
    func expect(_ instruction: String, _ registers: [Int: UInt32] = [:], nzcv: String? = nil, q: Bool? = nil,
                ge: UInt8? = nil, memory: [UInt32: [UInt32]] = [:],
                file: StaticString = #filePath, line: UInt = #line) -> CPUHarness {
        XCTAssertEqual(stop, .budgetExhausted, "\(instruction): run stopped with \(stop)", file: file, line: line)
        for (index, expected) in registers.sorted(by: { $0.key < $1.key }) {
            let actual = self[index]
            XCTAssertEqual(actual, expected, "\(instruction): r\(index) = \(hexWord(actual)), expected \(hexWord(expected))",
                           file: file, line: line)
        }
        if let nzcv {
            XCTAssertEqual(self.nzcv, nzcv, "\(instruction): flags NZCV", file: file, line: line)
        }
        if let q {
            XCTAssertEqual(self.q, q, "\(instruction): Q flag", file: file, line: line)
        }
        if let ge {
            XCTAssertEqual(self.ge, ge, "\(instruction): GE flags = \(String(self.ge, radix: 2)), expected \(String(ge, radix: 2))",
                           file: file, line: line)
        }
        for (address, words) in memory.sorted(by: { $0.key < $1.key }) {
            for (i, expected) in words.enumerated() {
                let at = address + UInt32(4 * i)
                let actual = word(at)
                XCTAssertEqual(actual, expected, "\(instruction): word at \(hexWord(at)) = \(actual.map(hexWord) ?? "unmapped"), expected \(hexWord(expected))",
                               file: file, line: line)
            }
        }
        return self
    }

    /// Checks that the run stopped with `kind` at `pc` (the address of the stopping instruction).
    func expectHalt(_ instruction: String, _ kind: CPUHalt.Kind, pc: UInt32? = nil,
                    file: StaticString = #filePath, line: UInt = #line) {
        guard let halt else {
            XCTFail("\(instruction): expected a halt (\(kind.rawValue)), run ended with \(stop)", file: file, line: line)
            return
        }
        XCTAssertEqual(halt.kind, kind, "\(instruction): halt kind (message: \(halt.message))", file: file, line: line)
        if let pc {
            XCTAssertEqual(halt.pc, pc, "\(instruction): halt pc = \(hexWord(halt.pc)), expected \(hexWord(pc))", file: file, line: line)
            XCTAssertEqual(self.pc, pc, "\(instruction): PC after the halt = \(hexWord(self.pc)), expected \(hexWord(pc))",
                           file: file, line: line)
        }
    }
}

extension XCTestCase {
    /// Loads `code` at `address`, resets the CPU, stores `memory` (words by address), sets
    /// registers and flags, and runs `steps` instructions (default: each instruction of
    /// straight-line code once).
    func runThumb(_ code: [UInt16], _ registers: [Int: UInt32] = [:], flags: String = "", steps: UInt64? = nil,
                  memory: [UInt32: [UInt32]] = [:], at address: UInt32 = CPUHarness.flashBase) -> CPUHarness {
        let harness = CPUHarness(code, at: address)
        for (address, words) in memory { harness.store(words: words, at: address) }
        harness.set(registers)
        harness.setFlags(flags)
        harness.run(steps)
        return harness
    }
}

/// The RAM area tests keep data in (`CPUHarness.data`).
let dataArea: UInt32 = CPUHarness.data

/// "0x0000abcd", for messages.
func hexWord(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

/// Bit pattern of a signed value, for readable negative operands.
func u32(_ value: Int32) -> UInt32 { UInt32(bitPattern: value) }
