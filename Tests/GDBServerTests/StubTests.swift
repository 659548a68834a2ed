import XCTest
import Emulator
import Firmware
import Platforms
@testable import GDBServer

/// The stub's commands over a real machine running a tiny hand-assembled program:
///
///     0x08  movs r0, #0
///     0x0a  movs r1, #0x20
///     0x0c  lsls r1, r1, #24        ; r1 = 0x20000000
///     0x0e  adds r0, #1             ; loop:
///     0x10  str  r0, [r1]
///     0x12  b    loop
final class StubTests: XCTestCase {
    static let program: [UInt16] = [0x2000, 0x2120, 0x0609, 0x3001, 0x6008, 0xE7FC]

    /// The vector table (SP, reset at 0x8) and the code.
    static func image(code: [UInt16] = program) -> [UInt8] {
        var bytes: [UInt8] = []
        for word: UInt32 in [0x2000_1000, 0x9] { bytes += (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        for halfword in code { bytes += [UInt8(halfword & 0xFF), UInt8(halfword >> 8)] }
        return bytes
    }

    static func machine(code: [UInt16] = program) throws -> Machine {
        let bytes = image(code: code)
        let image = FirmwareImage(path: "test.bin", format: .binary, segments: [FirmwareSegment(address: 0, data: bytes)])
        return try Machine(platform: PlatformCatalog.builtin(named: "nano33")!, firmware: image)
    }

    private var session: DebugSession!
    private var stub: GDBStub!

    override func setUpWithError() throws {
        let machine = try StubTests.machine()
        machine.echo = .none
        session = DebugSession(machine: machine, limits: RunLimits())
        session.debuggerAttached()
        stub = GDBStub(session: session)
    }

    /// The single reply to a packet (which must not resume the target).
    @discardableResult
    private func ask(_ packet: String) -> String {
        let (replies, action) = stub.handle(Array(packet.utf8))
        XCTAssertEqual(action, .none, packet)
        XCTAssertEqual(replies.count, 1, packet)
        return String(decoding: replies.last ?? [], as: UTF8.self)
    }

    /// Resumes with `packet` and runs until the target stops; returns the stop reply.
    private func resume(_ packet: String) -> String {
        let (_, action) = stub.handle(Array(packet.utf8))
        XCTAssertEqual(action, .resumed, packet)
        for _ in 0..<1000 {
            switch session.advance(hostBudget: .milliseconds(50)) {
            case .running: continue
            case .stopped(let reason): return stub.stopReply(reason)
            case .idle, .ended: return "unexpected"
            }
        }
        session.halt()
        return stub.stopReply(.interrupted)
    }

    private func register(_ n: Int) -> UInt32 {
        let bytes = GDBPacket.bytes(fromHex: ask("p" + String(n, radix: 16)))!
        return bytes.prefix(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    private func hex32(_ value: UInt32) -> String {
        GDBPacket.hex((0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) })
    }

    func testRegistersReadAndWrite() {
        let all = ask("g")
        XCTAssertEqual(all.count, 2 * (17 * 4 + 16 * 8 + 4 + 6 * 4))
        XCTAssertEqual(register(15), 0x8)
        XCTAssertEqual(register(13), 0x2000_1000)
        XCTAssertEqual(register(16), 0x0100_0000)     // xPSR: Thumb bit
        XCTAssertEqual(ask("P2=" + hex32(0xCAFE_F00D)), "OK")
        XCTAssertEqual(register(2), 0xCAFE_F00D)
        // d1 is s3:s2.
        XCTAssertEqual(ask("P12=0000204000000040"), "OK")
        XCTAssertEqual(session.read(.single(2)), 0x4020_0000)
        XCTAssertEqual(session.read(.single(3)), 0x4000_0000)
        // The system registers.
        XCTAssertEqual(register(34), 0x2000_1000)      // msp
        XCTAssertEqual(ask("P25=" + hex32(0x2000_0800)), "OK")   // basepri: 0x25 = 37
        XCTAssertEqual(ask("P24=" + hex32(0xFFFF_FFFF)), "OK")   // primask
        XCTAssertEqual(register(36), 1)
        XCTAssertEqual(ask("P25=" + hex32(0xFF)), "OK")
        XCTAssertEqual(register(37), 0xE0)             // 3 priority bits
        XCTAssertEqual(ask("P27=" + hex32(2)), "OK")   // CONTROL.SPSEL: r13 becomes PSP
        XCTAssertEqual(register(13), 0)
        XCTAssertEqual(register(34), 0x2000_1000)
        XCTAssertEqual(register(35), 0)
        XCTAssertEqual(ask("p28"), "E01")              // no register 40
        // G writes everything back.
        XCTAssertEqual(ask("G" + all), "OK")
        XCTAssertEqual(ask("g"), all)
        XCTAssertEqual(ask("G" + all.dropLast(2)), "E01")
    }

    func testMemoryReadWriteWithBounds() {
        XCTAssertEqual(ask("m8,4"), "00202021")
        XCTAssertEqual(ask("M20000000,4:01020304"), "OK")
        XCTAssertEqual(ask("m20000000,4"), "01020304")
        XCTAssertEqual(ask("m2003fffe,10"), "0000")     // stops at the end of RAM
        XCTAssertEqual(ask("m30000000,4"), "E01")
        XCTAssertEqual(ask("mfffffffe,10"), "E01")
        XCTAssertEqual(ask("M2003fffe,4:01020304"), "E01")
        XCTAssertEqual(ask("m20000000,0"), "")
        // X: binary, escaped.
        let packet = Array("X20000010,4:".utf8) + GDBPacket.escape([0x24, 0x7D, 0x00, 0x2A])
        let (replies, _) = stub.handle(packet)
        XCTAssertEqual(replies, [Array("OK".utf8)])
        XCTAssertEqual(ask("m20000010,4"), "247d002a")
        XCTAssertEqual(ask("X20000010,0:"), "OK")
        // Peripherals are reached through the bus (SysTick's reload register).
        XCTAssertEqual(ask("Me000e014,4:ff000000"), "OK")
        XCTAssertEqual(ask("me000e014,4"), "ff000000")
        // Writing memory with code drops its decoded instructions (the debugger patches code).
        XCTAssertEqual(ask("M10,2:0020"), "OK")       // the str becomes movs r0, #0
        XCTAssertEqual(ask("m10,2"), "0020")
    }

    func testSoftwareBreakpointStopsAndIsSteppedOver() {
        XCTAssertEqual(ask("Z0,e,2"), "OK")
        var stop = resume("c")
        XCTAssertTrue(stop.hasPrefix("T05"), stop)
        XCTAssertTrue(stop.contains("0f:0e000000;"), stop)
        XCTAssertTrue(stop.contains("swbreak:;"), stop)
        XCTAssertEqual(register(0), 0)
        stop = resume("c")                               // steps over it, around the loop, hits it again
        XCTAssertTrue(stop.contains("0f:0e000000;"), stop)
        XCTAssertEqual(register(0), 1)
        XCTAssertEqual(ask("m0,10").count, 32)          // memory still holds the real code
        XCTAssertEqual(ask("z0,e,2"), "OK")
        XCTAssertEqual(ask("Z1,10,2"), "OK")
        stop = resume("vCont;c")
        XCTAssertTrue(stop.contains("0f:10000000;") && stop.contains("hwbreak:;"), stop)
        XCTAssertEqual(ask("Z0,40000000,2"), "E01")     // no code can be there
    }

    /// A write over a breakpoint's instruction (the debugger's, `load`'s) drops the decoded
    /// slot; the breakpoint comes back when the target resumes.
    func testBreakpointSurvivesWritesOverItsInstruction() {
        XCTAssertEqual(ask("Z0,e,2"), "OK")
        XCTAssertEqual(ask("Me,2:0130"), "OK")                 // the same adds r0, #1
        XCTAssertEqual(ask("vFlashErase:0,1000"), "OK")
        XCTAssertEqual(stub.handle(Array("vFlashWrite:0:".utf8) + GDBPacket.escape(StubTests.image())).replies, [Array("OK".utf8)])
        let stop = resume("c")
        XCTAssertTrue(stop.contains("swbreak:;") && stop.contains("0f:0e000000;"), stop)
        XCTAssertEqual(ask("m8,2"), "0020")                     // memory holds the code, not a BKPT
    }

    /// With a debugger attached, breakpoints halt even when DEMCR.MON_EN would make a BKPT a
    /// DebugMonitor exception (halting debug takes precedence, as on silicon).
    func testBreakpointsHaltEvenWithTheDebugMonitorEnabled() {
        XCTAssertEqual(ask("Me000edfc,4:00000100"), "OK")   // DEMCR.MON_EN
        XCTAssertEqual(ask("me000edfc,4"), "00000100")
        XCTAssertEqual(ask("Z0,10,2"), "OK")
        let stop = resume("c")
        XCTAssertTrue(stop.contains("swbreak:;") && stop.contains("0f:10000000;"), stop)
        XCTAssertEqual(register(16) & 0x1FF, 0)               // still in Thread mode
    }

    func testWatchpointStopsBeforeTheAccess() {
        XCTAssertEqual(ask("Z2,20000000,4"), "OK")
        let stop = resume("c")
        XCTAssertTrue(stop.contains("watch:20000000;"), stop)
        XCTAssertTrue(stop.contains("0f:10000000;"), stop)   // at the str, which has not run
        XCTAssertEqual(ask("m20000000,4"), "00000000")
        XCTAssertEqual(register(0), 1)
        // gdb steps the instruction with the watchpoint removed.
        XCTAssertEqual(ask("z2,20000000,4"), "OK")
        _ = resume("s")
        XCTAssertEqual(ask("m20000000,4"), "01000000")
        XCTAssertEqual(ask("Z3,20000000,4"), "OK")       // read watchpoints do not see stores
        XCTAssertEqual(ask("Z4,20000002,1"), "OK")       // an access watchpoint does (partial overlap)
        let access = resume("c")
        XCTAssertTrue(access.contains("awatch:20000002;"), access)
        XCTAssertEqual(ask("z3,20000000,4"), "OK")
        XCTAssertEqual(ask("z4,20000002,1"), "OK")
    }

    func testWatchpointSetAtTheAccessingInstructionFiresAtOnce() {
        _ = resume("vCont;r8,10")                        // halted on the str
        XCTAssertEqual(register(15), 0x10)
        XCTAssertEqual(ask("Z2,20000000,4"), "OK")
        var stop = resume("c")
        XCTAssertTrue(stop.contains("watch:20000000;") && stop.contains("0f:10000000;"), stop)
        XCTAssertEqual(register(0), 1)
        // Continuing from a watchpoint stop (with the watchpoint still set) gets past the access.
        stop = resume("c")
        XCTAssertTrue(stop.contains("watch:20000000;") && stop.contains("0f:10000000;"), stop)
        XCTAssertEqual(register(0), 2)
        XCTAssertEqual(ask("m20000000,4"), "01000000")
    }

    func testSteppingAndRangeStepping() {
        var stop = resume("s")
        XCTAssertTrue(stop.hasPrefix("T05") && stop.contains("0f:0a000000;"), stop)
        stop = resume("vCont;s:1")
        XCTAssertTrue(stop.contains("0f:0c000000;"), stop)
        stop = resume("vCont;r8,12;c")                  // to the branch, in one reply
        XCTAssertTrue(stop.contains("0f:12000000;"), stop)
        XCTAssertEqual(register(1), 0x2000_0000)
        stop = resume("s")
        XCTAssertTrue(stop.contains("0f:0e000000;"), stop)
        XCTAssertEqual(ask("vCont?"), "vCont;c;C;s;S;t;r")
        let (_, action) = stub.handle(Array("c20".utf8))   // continue at an address
        XCTAssertEqual(action, .resumed)
        XCTAssertEqual(register(15), 0x20)
    }

    func testMonitorResetStatsAndFlash() {
        _ = resume("vCont;r8,12")
        XCTAssertNotEqual(register(15), 8)
        XCTAssertTrue(stub.monitor("reset halt").hasPrefix("reset: core halted at 0x00000008\n"))
        XCTAssertEqual(register(15), 8)
        XCTAssertTrue(stub.monitor("stats").hasPrefix("instructions: 5\ncycles: 5\nvirtual time: 0.000000078 s"))
        XCTAssertTrue(stub.monitor("nonsense").contains("unknown monitor command"))
        let (replies, _) = stub.handle(Array("qRcmd,7374617473".utf8))
        XCTAssertEqual(replies.count, 2)
        XCTAssertEqual(replies.last, Array("OK".utf8))
        // Flash: erase and write inside it only.
        XCTAssertEqual(ask("vFlashErase:1000,1000"), "OK")
        XCTAssertEqual(ask("m1000,2"), "ffff")
        XCTAssertEqual(stub.handle(Array("vFlashWrite:1000:".utf8) + GDBPacket.escape([0x23, 0x24])).replies, [Array("OK".utf8)])
        XCTAssertEqual(ask("m1000,2"), "2324")
        XCTAssertEqual(ask("vFlashDone"), "OK")
        XCTAssertEqual(ask("vFlashErase:20000000,1000"), "E01")
        XCTAssertEqual(ask("vFlashErase:ff000,2000"), "E01")   // runs past the end of flash
        XCTAssertEqual(stub.handle(Array("vFlashWrite:20000000:ab".utf8)).replies, [Array("E01".utf8)])
    }

    func testDocumentsAndQueries() {
        XCTAssertTrue(ask("qSupported:swbreak+;hwbreak+").contains("qXfer:features:read+"))
        let xml = ask("qXfer:features:read:target.xml:0,3fff")
        XCTAssertTrue(xml.hasPrefix("l<?xml"))
        XCTAssertTrue(xml.contains(#"<reg name="control" bitsize="32" regnum="39""#))
        let partial = ask("qXfer:features:read:target.xml:0,10")
        XCTAssertEqual(partial, "m" + String(GDBRegisters.targetXML.prefix(16)))
        let map = ask("qXfer:memory-map:read::0,3fff")
        XCTAssertTrue(map.contains(#"<memory type="flash" start="0x0" length="0x100000">"#))
        XCTAssertTrue(map.contains(#"<memory type="ram" start="0x100000" length="0x1ff00000"/>"#))
        XCTAssertTrue(map.contains(#"<memory type="ram" start="0x20040000" length="0xdffc0000"/>"#))
        XCTAssertEqual(ask("qAttached"), "1")
        XCTAssertEqual(ask("M20000000,9:313233343536373839"), "OK")
        XCTAssertEqual(ask("qCRC:20000000,9"), "C376e6e7")       // CRC-32/MPEG-2 of "123456789", as gdb computes it
        XCTAssertEqual(ask("qCRC:3fffffff,4"), "E01")
        XCTAssertEqual(ask("qCRC:0,ffffffff"), "E01")
        XCTAssertEqual(ask("qC"), "QC1")
        XCTAssertEqual(ask("qfThreadInfo"), "m1")
        XCTAssertEqual(ask("qsThreadInfo"), "l")
        XCTAssertEqual(ask("Hg0"), "OK")
        XCTAssertEqual(ask("vMustReplyEmpty"), "")
        XCTAssertTrue(ask("?").hasPrefix("T05"))
        XCTAssertEqual(stub.handle(Array("D".utf8)).action, .detach)
        XCTAssertEqual(stub.handle(Array("k".utf8)).action, .kill)
    }

    /// The debugger reads and writes the system region (SCS, DWT, ITM, unmapped space) at every
    /// address, size and alignment: nothing may trap.
    func testSystemRegionAccessesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for base in stride(from: UInt32(0xE000_0000), to: 0xE010_0000, by: 0x400) {
            for offset in stride(from: UInt32(0), to: 0x400, by: 1) where offset % 61 == 0 || base & 0xF000 == 0xE000 {
                _ = ask("m" + String(base + offset, radix: 16) + "," + String(Int.random(in: 1...9, using: &generator), radix: 16))
            }
        }
        for address in stride(from: UInt32(0xE000_0000), to: 0xE000_F000, by: 1) {
            let length = Int.random(in: 1...6, using: &generator)
            let value = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = ask("M" + String(address, radix: 16) + ",\(length):" + GDBPacket.hex(value))
        }
        XCTAssertEqual(ask("qAttached"), "1")
    }

    func testMemoryMapOfOtherBoards() {
        // ROM, two RAMs, flash not at 0, a region reaching the top of the address space.
        let xml = GDBRegisters.memoryMapXML([(.ram, 0x1000_0000, 0x6_0000), (.flash, 0x0800_0000, 0x10_0000),
                                             (.rom, 0x0, 0x4000), (.ram, 0xFFFF_0000, 0x1_0000)], flashBlockSize: 0x2000)
        XCTAssertEqual(xml.split(separator: "\n").filter { $0.contains("<memory ") }.map { String($0.trimmingCharacters(in: .whitespaces)) }, [
            #"<memory type="rom" start="0x0" length="0x4000"/>"#,
            #"<memory type="ram" start="0x4000" length="0x7ffc000"/>"#,
            #"<memory type="flash" start="0x8000000" length="0x100000">"#,
            #"<memory type="ram" start="0x8100000" length="0x7f00000"/>"#,
            #"<memory type="ram" start="0x10000000" length="0x60000"/>"#,
            #"<memory type="ram" start="0x10060000" length="0xeff90000"/>"#,
            #"<memory type="ram" start="0xffff0000" length="0x10000"/>"#,
        ])
        XCTAssertTrue(xml.contains(#"<property name="blocksize">0x2000</property>"#))
    }

    /// Random packets with good framing: none may crash, read or write outside the board.
    func testRandomPacketsNeverCrash() {
        session.sliceInstructions = 1000
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("mMXgGpPZzqQvHT?cCsSD0123456789abcdefABCDEF,:;=}*#$-".utf8)
        let prefixes = ["m", "M", "X", "p", "P", "Z0,", "Z2,", "z1,", "qXfer:features:read:target.xml:",
                        "qXfer:memory-map:read::", "vFlashErase:", "vFlashWrite:", "vCont;", "qRcmd,", "G", "C", "S"]
        for _ in 0..<20_000 {
            var packet = Array(prefixes.randomElement(using: &generator)!.utf8)
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                packet.append(Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator))
            }
            let (_, action) = stub.handle(packet)
            switch action {
            case .resumed:
                _ = session.advance(hostBudget: .milliseconds(1))
                session.halt()
            case .detach, .kill, .none: break
            }
        }
        XCTAssertEqual(ask("qAttached"), "1")
    }
}
