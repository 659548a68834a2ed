import XCTest
@testable import Emulation

final class BusTests: XCTestCase {
    private final class Recorder: Peripheral {
        let name = "REC"
        var writes: [(UInt32, Int, UInt32)] = []
        func read(offset: UInt32, size: Int) -> UInt32? { offset == 0x100 ? nil : 0xA500_0000 | offset }
        func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
            writes.append((offset, size, value))
            return offset != 0x100
        }
    }

    private func makeBus() -> (Bus, MemoryRegion, MemoryRegion, Recorder) {
        let bus = Bus()
        let flash = MemoryRegion(name: "flash", kind: .flash, base: 0, size: 0x1000)
        let ram = MemoryRegion(name: "ram", kind: .ram, base: 0x2000_0000, size: 0x1000)
        let recorder = Recorder()
        bus.add(ram)
        bus.add(flash)
        bus.map(recorder, base: 0x4000_0000, size: 0x1000)
        return (bus, flash, ram, recorder)
    }

    func testFlashStartsErasedAndRAMZeroed() {
        let (bus, _, _, _) = makeBus()
        XCTAssertEqual(bus.read(0x10, size: 4), 0xFFFF_FFFF)
        XCTAssertEqual(bus.read(0x2000_0010, size: 4), 0)
    }

    func testLittleEndianAccessesOfEveryWidth() {
        let (bus, _, _, _) = makeBus()
        XCTAssertTrue(bus.write(0x2000_0000, size: 4, value: 0x1122_3344))
        XCTAssertEqual(bus.read(0x2000_0000, size: 1), 0x44)
        XCTAssertEqual(bus.read(0x2000_0001, size: 2), 0x2233)
        XCTAssertEqual(bus.read(0x2000_0001, size: 4), 0x0011_2233)  // unaligned
        XCTAssertTrue(bus.write(0x2000_0002, size: 2, value: 0xBEEF))
        XCTAssertEqual(bus.read(0x2000_0000, size: 4), 0xBEEF_3344)
    }

    func testFlashIsReadOnlyToTheCPUButLoadable() {
        let (bus, flash, _, _) = makeBus()
        XCTAssertFalse(bus.write(0x20, size: 4, value: 1))
        XCTAssertEqual(bus.lastError, .readOnly(address: 0x20, region: "flash"))
        flash.store([1, 2, 3, 4], at: 0x20)
        XCTAssertEqual(bus.read(0x20, size: 4), 0x0403_0201)
        XCTAssertFalse(bus.writeBytes(0x20, [9]))
    }

    func testUnmappedAccessesFailWithTheAddress() {
        let (bus, _, _, _) = makeBus()
        XCTAssertNil(bus.read(0x3000_0000, size: 4))
        XCTAssertEqual(bus.lastError, .unmapped(address: 0x3000_0000))
        XCTAssertFalse(bus.write(0x2000_1000, size: 1, value: 0))  // one past the end of RAM
        XCTAssertEqual(bus.lastError?.address, 0x2000_1000)
        // A word straddling the end of RAM is split and fails on the unmapped byte.
        XCTAssertNil(bus.read(0x2000_0FFE, size: 4))
    }

    func testPeripheralsSeeOffsetsAndCanRejectAccesses() {
        let (bus, _, _, recorder) = makeBus()
        XCTAssertEqual(bus.read(0x4000_0008, size: 4), 0xA500_0008)
        XCTAssertTrue(bus.write(0x4000_0004, size: 2, value: 7))
        XCTAssertEqual(recorder.writes.first?.0, 4)
        XCTAssertNil(bus.read(0x4000_0100, size: 4))
        XCTAssertEqual(bus.lastError, .peripheralRejected(address: 0x4000_0100, peripheral: "REC"))
    }

    func testExternalWritesAreReportedForDecodeInvalidation() {
        let (bus, _, ram, _) = makeBus()
        var reported: [(UInt32, UInt32)] = []
        ram.onExternalWrite = { reported.append(($0, $1)) }
        bus.writeBytes(0x2000_0010, [1, 2, 3])
        bus.write(0x2000_0020, size: 2, value: 5)
        XCTAssertEqual(reported.map(\.0), [0x10, 0x20])
        XCTAssertEqual(reported.map(\.1), [3, 2])
    }

    func testCStringsStopAtNulOrLimit() {
        let (bus, _, _, _) = makeBus()
        bus.writeBytes(0x2000_0100, Array("hello\0world".utf8))
        XCTAssertEqual(bus.readCString(0x2000_0100).map { String(decoding: $0, as: UTF8.self) }, "hello")
        XCTAssertEqual(bus.readCString(0x2000_0106, limit: 3)?.count, 3)
        bus.writeBytes(0x2000_0FFE, [0x41, 0x42])
        XCTAssertNil(bus.readCString(0x2000_0FFE))  // no NUL before the end of RAM
    }
}

final class ConsoleTests: XCTestCase {
    func testCapturesAndForwardsOutput() {
        let console = Console()
        var forwarded: [Console.Stream] = []
        console.sink = { _, stream in forwarded.append(stream) }
        console.write(Array("a".utf8))
        console.write(Array("b".utf8), stream: .stderr)
        console.write([])
        XCTAssertEqual(console.text, "ab")
        XCTAssertEqual(forwarded, [.stdout, .stderr])
    }

    func testInputIsReadOnDemandUntilEnd() {
        var chunks: [[UInt8]] = [[1, 2, 3], [4]]
        var input = ConsoleInput(reader: { chunks.isEmpty ? nil : chunks.removeFirst() })
        XCTAssertEqual(input.read(upTo: 2), [1, 2])
        XCTAssertEqual(input.read(upTo: 5), [3])
        XCTAssertEqual(input.read(upTo: 5), [4])
        XCTAssertEqual(input.read(upTo: 5), [])
    }

    /// Overlapping windows: the one mapped first wins where they overlap (GPIO P0 and P1 on the
    /// nRF52840), also right after the later one was the last hit.
    func testFirstMappedWindowWinsWhereWindowsOverlap() {
        final class Named: Peripheral {
            let name: String
            init(_ name: String) { self.name = name }
            func read(offset: UInt32, size: Int) -> UInt32? { name == "P0" ? 0 : 1 }
            func write(offset: UInt32, size: Int, value: UInt32) -> Bool { true }
        }
        let bus = Bus()
        bus.map(Named("P0"), base: 0x5000_0000, size: 0x780)
        bus.map(Named("P1"), base: 0x5000_0300, size: 0x780)
        XCTAssertEqual(bus.read(0x5000_0804, size: 4), 1, "only P1 there")
        XCTAssertEqual(bus.read(0x5000_0504, size: 4), 0, "both there: P0, mapped first, although P1 was hit last")
        XCTAssertEqual(bus.read(0x5000_0A7C, size: 4), 1)
        XCTAssertEqual(bus.read(0x5000_0400, size: 4), 0)
        XCTAssertNil(bus.read(0x5000_0A80, size: 4), "past both")
    }
}
