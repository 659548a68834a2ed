import XCTest
import Foundation
@testable import CortexM
import Emulation

final class SemihostingTests: XCTestCase {
    static let ramBase: UInt32 = 0x2000_0000
    static let ramSize: UInt32 = 0x4_0000
    static let ramEnd = ramBase + ramSize
    static let block: UInt32 = 0x2000_0100      // parameter blocks
    static let text: UInt32 = 0x2000_1000       // names and strings
    static let buffer: UInt32 = 0x2000_2000     // data buffers
    static let clockHz: UInt64 = 100_000_000

    var bus: Bus!
    var console: Console!
    var streams: [(String, Console.Stream)] = []
    var temporaryDirectory: URL!

    override func setUpWithError() throws {
        bus = Bus()
        bus.add(MemoryRegion(name: "flash", kind: .flash, base: 0, size: 0x1_0000))
        bus.add(MemoryRegion(name: "ram", kind: .ram, base: Self.ramBase, size: Self.ramSize))
        console = Console()
        streams = []
        console.sink = { [unowned self] bytes, stream in streams.append((String(decoding: bytes, as: UTF8.self), stream)) }
        temporaryDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("semihosting-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }

    // MARK: Helpers

    static let heap = HeapInfo(heapBase: 0x2000_4000, heapLimit: 0x2000_8000, stackBase: 0x2001_0000, stackLimit: 0x2000_C000)

    func makeSemihosting(root: String? = nil, commandLine: String = "", epoch: UInt64 = 0) -> Semihosting {
        Semihosting(configuration: SemihostingConfiguration(root: root, commandLine: commandLine, heapInfo: Self.heap,
                                                            epochSeconds: epoch),
                    console: console)
    }

    func put(words: [UInt32], at address: UInt32 = block) {
        for (i, word) in words.enumerated() { XCTAssertTrue(bus.write(address + UInt32(4 * i), size: 4, value: word)) }
    }

    func put(_ string: String, at address: UInt32 = text, terminated: Bool = true) {
        XCTAssertTrue(bus.writeBytes(address, Array(string.utf8) + (terminated ? [0] : [])))
    }

    func word(at address: UInt32) -> UInt32 { bus.read(address, size: 4)! }

    func call(_ sh: Semihosting, _ op: UInt32, _ parameter: UInt32 = block, cycles: UInt64 = 0,
              clockHz: UInt64 = clockHz) -> SemihostingOutcome {
        sh.handle(operation: op, parameter: parameter, bus: bus, cycles: cycles, clockHz: clockHz)
    }

    /// The r0 value of a call expected to continue.
    func result(_ sh: Semihosting, _ op: UInt32, _ parameter: UInt32 = block, cycles: UInt64 = 0,
                clockHz: UInt64 = clockHz, file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        let outcome = call(sh, op, parameter, cycles: cycles, clockHz: clockHz)
        guard case .result(let value) = outcome else {
            XCTFail("expected a result, got \(outcome)", file: file, line: line)
            return 0xDEAD_BEEF
        }
        return value
    }

    func open(_ sh: Semihosting, _ name: String, mode: UInt32) -> UInt32 {
        put(name)
        put(words: [Self.text, mode, UInt32(name.utf8.count)])
        return result(sh, 0x01)
    }

    func write(_ sh: Semihosting, handle: UInt32, _ data: String) -> UInt32 {
        XCTAssertTrue(bus.writeBytes(Self.buffer, Array(data.utf8)))
        put(words: [handle, Self.buffer, UInt32(data.utf8.count)])
        return result(sh, 0x05)
    }

    /// (r0, bytes read)
    func read(_ sh: Semihosting, handle: UInt32, count: UInt32, into address: UInt32 = buffer) -> (UInt32, [UInt8]) {
        _ = bus.writeBytes(address, [UInt8](repeating: 0xEE, count: Int(min(count, 64))))  // best effort
        put(words: [handle, address, count])
        let notRead = result(sh, 0x06)
        let got = Int(count - notRead)
        return (notRead, got == 0 ? [] : bus.readBytes(address, count: got)!)
    }

    func handleOnly(_ sh: Semihosting, _ op: UInt32, handle: UInt32) -> UInt32 {
        put(words: [handle])
        return result(sh, op)
    }

    func seek(_ sh: Semihosting, handle: UInt32, to position: UInt32) -> UInt32 {
        put(words: [handle, position])
        return result(sh, 0x0A)
    }

    func errno(_ sh: Semihosting) -> UInt32 { result(sh, 0x13, 0) }

    func path(_ name: String) -> String { temporaryDirectory.appendingPathComponent(name).path }

    func makeRoot() throws -> String {
        let root = path("root")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    static let failure = UInt32.max

    // MARK: Console

    func testConsoleHandlesAreDistinctAndRouteToStreams() {
        let sh = makeSemihosting()
        let stdin = open(sh, ":tt", mode: 0)
        let stdout = open(sh, ":tt", mode: 4)
        let stderr = open(sh, ":tt", mode: 8)
        XCTAssertEqual([stdin, stdout, stderr], [1, 2, 3])

        XCTAssertEqual(write(sh, handle: stdout, "hello "), 0)
        XCTAssertEqual(write(sh, handle: stderr, "oops"), 0)
        XCTAssertEqual(console.text, "hello oops")
        XCTAssertEqual(streams.map(\.0), ["hello ", "oops"])
        XCTAssertEqual(streams.map(\.1), [.stdout, .stderr])

        // Other modes of each family map the same way.
        XCTAssertEqual(handleOnly(sh, 0x09, handle: open(sh, ":tt", mode: 3)), 1)
        let binaryOut = open(sh, ":tt", mode: 5)
        XCTAssertEqual(write(sh, handle: binaryOut, "!"), 0)
        let appendPlus = open(sh, ":tt", mode: 11)
        XCTAssertEqual(write(sh, handle: appendPlus, "?"), 0)
        XCTAssertEqual(streams.map(\.1).suffix(2), [.stdout, .stderr])

        // Console handles are ttys with length 0 (so newlib's fstat succeeds) and cannot seek.
        XCTAssertEqual(handleOnly(sh, 0x09, handle: stdout), 1)
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: stdout), 0)
        XCTAssertEqual(seek(sh, handle: stdout, to: 0), Self.failure)
        XCTAssertEqual(errno(sh), 29)  // ESPIPE

        // Wrong direction: nothing transferred, EBADF.
        XCTAssertEqual(write(sh, handle: stdin, "abc"), 3)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(read(sh, handle: stdout, count: 4).0, 4)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(console.text, "hello oops!?")
    }

    func testHandlesAreReusedLowestFirst() {
        let sh = makeSemihosting()
        XCTAssertEqual(open(sh, ":tt", mode: 0), 1)
        XCTAssertEqual(open(sh, ":tt", mode: 4), 2)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: 1), 0)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: 1), Self.failure)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(open(sh, ":tt", mode: 8), 1)
        XCTAssertEqual(open(sh, ":tt", mode: 8), 3)
    }

    func testHandleTableIsBounded() {
        let sh = makeSemihosting()
        for _ in 0..<SemihostingHandleTable.capacity { XCTAssertNotEqual(open(sh, ":tt", mode: 4), Self.failure) }
        XCTAssertEqual(open(sh, ":tt", mode: 4), Self.failure)
        XCTAssertEqual(errno(sh), 24)  // EMFILE
    }

    func testWriteCAndWrite0() {
        let sh = makeSemihosting()
        XCTAssertTrue(bus.write(Self.buffer, size: 1, value: UInt32(UInt8(ascii: "A"))))
        XCTAssertEqual(call(sh, 0x03, Self.buffer), .result(0))
        put("bc\n")
        XCTAssertEqual(call(sh, 0x04, Self.text), .result(0))
        XCTAssertEqual(console.text, "Abc\n")
        XCTAssertEqual(streams.map(\.1), [.stdout, .stdout])

        XCTAssertEqual(call(sh, 0x03, 0x4000_0000), .fault("semihosting SYS_WRITEC: character at 0x40000000 is not readable"))
        guard case .fault(let message) = call(sh, 0x04, 0x4000_0000) else { return XCTFail("expected a fault") }
        XCTAssertTrue(message.hasPrefix("semihosting SYS_WRITE0: string at 0x40000000"), message)
    }

    func testWrite0RunningOffMemoryShowsPrefixThenFaults() {
        let sh = makeSemihosting()
        let start = Self.ramEnd - 5
        put("tail!", at: start, terminated: false)
        guard case .fault = call(sh, 0x04, start) else { return XCTFail("expected a fault") }
        XCTAssertEqual(console.text, "tail!")
    }

    func testWrite0LongStringIsWrittenInChunks() {
        let sh = makeSemihosting()
        let long = String(repeating: "x", count: 0x1_8000)  // more than one 64 KiB chunk
        put(long, at: Self.ramBase + 0x1_0000)
        XCTAssertEqual(call(sh, 0x04, Self.ramBase + 0x1_0000), .result(0))
        XCTAssertEqual(console.text, long)
    }

    func testReadConsoleInput() {
        console.input = ConsoleInput(bytes: Array("abc\nrest".utf8))
        let sh = makeSemihosting()
        let stdin = open(sh, ":tt", mode: 0)
        let (notRead, bytes) = read(sh, handle: stdin, count: 4)
        XCTAssertEqual(notRead, 0)
        XCTAssertEqual(bytes, Array("abc\n".utf8))
        // Partial: what is available is returned, the rest reported as not read.
        let (notRead2, bytes2) = read(sh, handle: stdin, count: 10)
        XCTAssertEqual(notRead2, 6)
        XCTAssertEqual(bytes2, Array("rest".utf8))
        // End of input: nothing read.
        XCTAssertEqual(read(sh, handle: stdin, count: 10).0, 10)
        XCTAssertEqual(read(sh, handle: stdin, count: 0).0, 0)
    }

    func testReadCReturnsBytesThenMinusOne() {
        console.input = ConsoleInput(bytes: [0x78, 0xFF])
        let sh = makeSemihosting()
        XCTAssertEqual(result(sh, 0x07, 0), 0x78)
        XCTAssertEqual(result(sh, 0x07, 0), 0xFF)
        XCTAssertEqual(result(sh, 0x07, 0), Self.failure)
    }

    // MARK: Features file

    func testFeaturesFile() {
        let sh = makeSemihosting()
        let handle = open(sh, ":semihosting-features", mode: 0)
        XCTAssertNotEqual(handle, Self.failure)
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: handle), 5)
        XCTAssertEqual(handleOnly(sh, 0x09, handle: handle), 0)
        let (notRead, bytes) = read(sh, handle: handle, count: 8)
        XCTAssertEqual(notRead, 3)
        XCTAssertEqual(bytes, [0x53, 0x48, 0x46, 0x42, 0x03])
        XCTAssertEqual(read(sh, handle: handle, count: 1).0, 1)  // at end
        // How picolibc probes one feature byte.
        XCTAssertEqual(seek(sh, handle: handle, to: 4), 0)
        XCTAssertEqual(read(sh, handle: handle, count: 1).1, [0x03])
        XCTAssertEqual(seek(sh, handle: handle, to: 100), 0)
        XCTAssertEqual(read(sh, handle: handle, count: 1).0, 1)
        XCTAssertEqual(write(sh, handle: handle, "x"), 1)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: handle), 0)
        // Read-only; and available without a root.
        XCTAssertEqual(open(sh, ":semihosting-features", mode: 4), Self.failure)
        XCTAssertEqual(open(sh, ":semihosting-features", mode: 1), handle)
    }

    // MARK: Host files

    func testHostFileRoundTripUnderRoot() throws {
        let root = try makeRoot()
        let sh = makeSemihosting(root: root)
        let out = open(sh, "data.txt", mode: 4)  // "w"
        XCTAssertNotEqual(out, Self.failure)
        XCTAssertEqual(handleOnly(sh, 0x09, handle: out), 0)
        XCTAssertEqual(write(sh, handle: out, "hello world"), 0)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: out), 0)
        XCTAssertEqual(try String(contentsOfFile: root + "/data.txt", encoding: .utf8), "hello world")

        let input = open(sh, "data.txt", mode: 1)  // "rb"
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: input), 11)
        XCTAssertEqual(read(sh, handle: input, count: 5).1, Array("hello".utf8))
        XCTAssertEqual(seek(sh, handle: input, to: 6), 0)
        let (notRead, rest) = read(sh, handle: input, count: 100)
        XCTAssertEqual(notRead, 95)
        XCTAssertEqual(rest, Array("world".utf8))
        XCTAssertEqual(read(sh, handle: input, count: 10).0, 10)  // EOF
        // Read-only handle: writing fails with EBADF from the host.
        XCTAssertEqual(write(sh, handle: input, "x"), 1)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: input), 0)

        // Append, then read back with "r+".
        let append = open(sh, "data.txt", mode: 8)
        XCTAssertEqual(write(sh, handle: append, "!"), 0)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: append), 0)
        let update = open(sh, "data.txt", mode: 2)
        XCTAssertEqual(read(sh, handle: update, count: 12).1, Array("hello world!".utf8))
        XCTAssertEqual(seek(sh, handle: update, to: 0), 0)
        XCTAssertEqual(write(sh, handle: update, "J"), 0)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: update), 0)
        XCTAssertEqual(try String(contentsOfFile: root + "/data.txt", encoding: .utf8), "Jello world!")

        // Subdirectories and ".." that stays inside work.
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        let viaDotDot = open(sh, "sub/../data.txt", mode: 0)
        XCTAssertNotEqual(viaDotDot, Self.failure)
        let nested = open(sh, "sub/new.bin", mode: 6)  // "w+"
        XCTAssertNotEqual(nested, Self.failure)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/sub/new.bin"))

        // Missing file for reading, directories, bad modes.
        XCTAssertEqual(open(sh, "missing.txt", mode: 0), Self.failure)
        XCTAssertEqual(errno(sh), 2)
        XCTAssertEqual(open(sh, "sub", mode: 0), Self.failure)
        XCTAssertEqual(errno(sh), 21)  // EISDIR
        XCTAssertEqual(open(sh, "data.txt", mode: 12), Self.failure)
        XCTAssertEqual(errno(sh), 22)

        // closeAll releases what the guest left open.
        sh.closeAll()
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: nested), Self.failure)
    }

    func testSymlinkInsideRootIsFollowed() throws {
        let root = try makeRoot()
        try "inside".write(toFile: root + "/target.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/alias.txt", withDestinationPath: "target.txt")
        let sh = makeSemihosting(root: root)
        let handle = open(sh, "alias.txt", mode: 0)
        XCTAssertNotEqual(handle, Self.failure)
        XCTAssertEqual(read(sh, handle: handle, count: 6).1, Array("inside".utf8))
    }

    func testNamesLeavingRootAreRefused() throws {
        let root = try makeRoot()
        let outside = path("outside.txt")
        try "secret".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: temporaryDirectory.path)
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: path("created-by-guest.txt"))
        let sh = makeSemihosting(root: root)

        for name in ["../outside.txt", outside, "link.txt", "up/outside.txt", "./../root/../outside.txt"] {
            for mode: UInt32 in [0, 2, 4, 8] {
                XCTAssertEqual(open(sh, name, mode: mode), Self.failure, "\(name) mode \(mode)")
                XCTAssertEqual(errno(sh), 13, "\(name) mode \(mode)")  // EACCES
            }
        }
        XCTAssertEqual(try String(contentsOfFile: outside, encoding: .utf8), "secret")
        // Creating outside, directly or through a dangling link, is refused too.
        XCTAssertEqual(open(sh, "../new.txt", mode: 4), Self.failure)
        XCTAssertEqual(open(sh, "up/new.txt", mode: 4), Self.failure)
        XCTAssertEqual(open(sh, "dangling", mode: 4), Self.failure)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("new.txt")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("created-by-guest.txt")))
        // The root itself is a directory, not a file.
        XCTAssertEqual(open(sh, ".", mode: 0), Self.failure)
    }

    func testRemoveAndRenameStayInsideRoot() throws {
        let root = try makeRoot()
        let outside = path("outside.txt")
        try "keep".write(toFile: outside, atomically: true, encoding: .utf8)
        try "a".write(toFile: root + "/a.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: outside)
        let sh = makeSemihosting(root: root)

        func nameCall(_ op: UInt32, _ names: [String]) -> UInt32 {
            var words: [UInt32] = []
            var address = Self.text
            for name in names {
                put(name, at: address)
                words += [address, UInt32(name.utf8.count)]
                address += 0x100
            }
            put(words: words)
            return result(sh, op)
        }

        XCTAssertEqual(nameCall(0x0F, ["a.txt", "b.txt"]), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/b.txt"))
        XCTAssertEqual(nameCall(0x0F, ["b.txt", "../b.txt"]), Self.failure)
        XCTAssertEqual(errno(sh), 13)
        XCTAssertEqual(nameCall(0x0F, ["../outside.txt", "stolen.txt"]), Self.failure)
        XCTAssertEqual(nameCall(0x0E, ["../outside.txt"]), Self.failure)
        XCTAssertEqual(nameCall(0x0E, [outside]), Self.failure)
        XCTAssertEqual(nameCall(0x0E, ["."]), Self.failure)
        XCTAssertEqual(nameCall(0x0E, ["missing"]), Self.failure)
        XCTAssertEqual(errno(sh), 2)
        // Removing a link removes the link, not what it points at.
        XCTAssertEqual(nameCall(0x0E, ["link.txt"]), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside))
        XCTAssertEqual(nameCall(0x0E, ["b.txt"]), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/b.txt"))
        XCTAssertEqual(try String(contentsOfFile: outside, encoding: .utf8), "keep")
    }

    func testWithoutRootNothingOnTheHostIsTouched() throws {
        let existing = path("exists.txt")
        try "data".write(toFile: existing, atomically: true, encoding: .utf8)
        let sh = makeSemihosting(root: nil)
        for mode: UInt32 in [0, 4, 8] {
            XCTAssertEqual(open(sh, existing, mode: mode), Self.failure)
            XCTAssertEqual(errno(sh), 2)  // ENOENT
        }
        XCTAssertEqual(open(sh, "relative.txt", mode: 4), Self.failure)
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/relative.txt"))
        put(existing)
        put(words: [Self.text, UInt32(existing.utf8.count)])
        XCTAssertEqual(result(sh, 0x0E), Self.failure)
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "data")
        put(words: [Self.buffer, 7, 64])
        XCTAssertEqual(result(sh, 0x0D), Self.failure)  // TMPNAM
    }

    func testTemporaryNameIsRelativeToRoot() throws {
        let root = try makeRoot()
        let sh = makeSemihosting(root: root)
        put(words: [Self.buffer, 7, 64])
        XCTAssertEqual(result(sh, 0x0D), 0)
        let name = String(decoding: bus.readCString(Self.buffer)!, as: UTF8.self)
        XCTAssertEqual(name, "semihosting-tmp-007")
        XCTAssertNotEqual(open(sh, name, mode: 6), Self.failure)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/" + name))
        put(words: [Self.buffer, 7, UInt32(name.utf8.count)])  // no room for the NUL
        XCTAssertEqual(result(sh, 0x0D), Self.failure)
    }

    func testOpenNameChecks() {
        let sh = makeSemihosting()
        put(words: [Self.text, 0, 100_000])
        XCTAssertEqual(result(sh, 0x01), Self.failure)
        XCTAssertEqual(errno(sh), 91)  // newlib ENAMETOOLONG
        // A length that counts the NUL still names the console.
        put(":tt")
        put(words: [Self.text, 4, 4])
        XCTAssertEqual(result(sh, 0x01), 1)
        put(words: [0x4000_0000, 0, 3])
        XCTAssertEqual(call(sh, 0x01), .fault("semihosting SYS_OPEN: file name at 0x40000000 is not readable"))
    }

    // MARK: Bulk transfers

    func testHugeWriteStopsAtFirstUnreadableByte() {
        let sh = makeSemihosting()
        let stdout = open(sh, ":tt", mode: 4)
        let start = Self.ramEnd - 10
        put("0123456789", at: start, terminated: false)
        let count: UInt32 = 3_000_000_000
        put(words: [stdout, start, count])
        XCTAssertEqual(result(sh, 0x05), count - 10)
        XCTAssertEqual(console.text, "0123456789")
        XCTAssertEqual(errno(sh), 14)  // EFAULT
        // Wholly unreadable buffer: nothing written.
        put(words: [stdout, 0x4000_0000, 5])
        XCTAssertEqual(result(sh, 0x05), 5)
        // Larger than one chunk but inside RAM: all written.
        put(words: [stdout, Self.ramBase, 0x2_0000])
        XCTAssertEqual(result(sh, 0x05), 0)
        XCTAssertEqual(console.captured.count, 10 + 0x2_0000)
    }

    func testReadIntoUnwritableMemoryKeepsTheRestInTheFile() throws {
        let root = try makeRoot()
        try Data("abcdefghij".utf8).write(to: URL(fileURLWithPath: root + "/f.bin"))
        let sh = makeSemihosting(root: root)
        let handle = open(sh, "f.bin", mode: 0)
        let (notRead, bytes) = read(sh, handle: handle, count: 3_000_000_000, into: Self.ramEnd - 4)
        XCTAssertEqual(notRead, 3_000_000_000 - 4)
        XCTAssertEqual(bytes, Array("abcd".utf8))
        XCTAssertEqual(errno(sh), 14)
        // Into flash: refused, nothing consumed.
        put(words: [handle, 0x100, 4])
        XCTAssertEqual(result(sh, 0x06), 4)
        XCTAssertEqual(read(sh, handle: handle, count: 100).1, Array("efghij".utf8))
    }

    func testLargeHostFileTransfersInChunks() throws {
        let root = try makeRoot()
        let sh = makeSemihosting(root: root)
        let pattern = (0..<0x2_0123).map { UInt8(truncatingIfNeeded: $0 &* 7) }  // several chunks
        let data = Self.ramBase + 0x1_0000
        XCTAssertTrue(bus.writeBytes(data, pattern))
        let out = open(sh, "big.bin", mode: 5)
        put(words: [out, data, UInt32(pattern.count)])
        XCTAssertEqual(result(sh, 0x05), 0)
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: out), UInt32(pattern.count))
        XCTAssertEqual(handleOnly(sh, 0x02, handle: out), 0)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/big.bin"))), pattern)

        XCTAssertTrue(bus.writeBytes(data, [UInt8](repeating: 0, count: pattern.count)))
        let input = open(sh, "big.bin", mode: 0)
        put(words: [input, data, UInt32(pattern.count) + 10])
        XCTAssertEqual(result(sh, 0x06), 10)
        XCTAssertEqual(bus.readBytes(data, count: pattern.count), pattern)
    }

    // MARK: Status, time and environment

    func testBadHandlesAndErrorQueries() {
        let sh = makeSemihosting()
        XCTAssertEqual(errno(sh), 0)
        XCTAssertEqual(handleOnly(sh, 0x02, handle: 42), Self.failure)
        XCTAssertEqual(errno(sh), 9)
        XCTAssertEqual(handleOnly(sh, 0x09, handle: 42), Self.failure)
        XCTAssertEqual(handleOnly(sh, 0x0C, handle: 42), Self.failure)
        XCTAssertEqual(seek(sh, handle: 42, to: 0), Self.failure)
        XCTAssertEqual(write(sh, handle: 42, "abc"), 3)
        XCTAssertEqual(read(sh, handle: 42, count: 3).0, 3)
        XCTAssertEqual(errno(sh), 9)

        put(words: [UInt32.max])
        XCTAssertEqual(result(sh, 0x08), 1)
        put(words: [0x8000_0000])
        XCTAssertEqual(result(sh, 0x08), 1)
        put(words: [5])
        XCTAssertEqual(result(sh, 0x08), 0)

        put("rm -rf /")
        put(words: [Self.text, 8])
        XCTAssertEqual(result(sh, 0x12), Self.failure)
        XCTAssertEqual(errno(sh), 88)  // ENOSYS
    }

    func testClockTimeElapsedAndTickFrequency() {
        let sh = makeSemihosting(epoch: 1_700_000_000)
        XCTAssertEqual(result(sh, 0x10, 0, cycles: 250_000_000), 250)
        XCTAssertEqual(result(sh, 0x10, 0, cycles: 1_999_999), 1)
        XCTAssertEqual(result(sh, 0x10, 0, cycles: 0), 0)
        XCTAssertEqual(result(sh, 0x11, 0, cycles: 250_000_000), 1_700_000_002)
        XCTAssertEqual(result(sh, 0x11, 0, cycles: 0), 1_700_000_000)

        let cycles: UInt64 = 0x1_2345_6789
        XCTAssertEqual(result(sh, 0x30, Self.block, cycles: cycles), 0)
        XCTAssertEqual(word(at: Self.block), 0x2345_6789)
        XCTAssertEqual(word(at: Self.block + 4), 1)
        XCTAssertEqual(call(sh, 0x30, 0x100, cycles: cycles),
                       .fault("semihosting SYS_ELAPSED: parameter block at 0x00000100 is not writable"))

        XCTAssertEqual(result(sh, 0x31, 0), 100_000_000)
        XCTAssertEqual(result(sh, 0x31, 0, clockHz: 1 << 40), UInt32.max - 1)
        XCTAssertEqual(result(sh, 0x31, 0, clockHz: 0), Self.failure)
        XCTAssertEqual(result(sh, 0x10, 0, clockHz: 0), Self.failure)
    }

    func testTimeIsDeterministicWithDefaultEpoch() {
        let sh = makeSemihosting()
        XCTAssertEqual(result(sh, 0x11, 0, cycles: 30 * Self.clockHz), 30)
    }

    func testGetCommandLine() {
        let sh = makeSemihosting(commandLine: "firmware.elf arg1 arg2")
        put(words: [Self.buffer, 64])
        XCTAssertEqual(result(sh, 0x15), 0)
        XCTAssertEqual(bus.readCString(Self.buffer).map { String(decoding: $0, as: UTF8.self) }, "firmware.elf arg1 arg2")
        XCTAssertEqual(word(at: Self.block + 4), 22)

        // Exactly the text but no room for the NUL: refused, block untouched.
        put(words: [Self.buffer + 0x100, 22])
        XCTAssertEqual(result(sh, 0x15), Self.failure)
        XCTAssertEqual(word(at: Self.block + 4), 22)
        XCTAssertEqual(bus.read(Self.buffer + 0x100, size: 1), 0)

        put(words: [0x200, 64])
        XCTAssertEqual(call(sh, 0x15), .fault("semihosting SYS_GET_CMDLINE: command-line buffer at 0x00000200 is not writable"))

        let empty = makeSemihosting()
        put(words: [Self.buffer, 1])
        XCTAssertEqual(result(empty, 0x15), 0)
        XCTAssertEqual(word(at: Self.block + 4), 0)
    }

    func testHeapInfo() {
        let sh = makeSemihosting()
        put(words: [Self.buffer])
        XCTAssertEqual(result(sh, 0x16), 0)
        XCTAssertEqual((0..<4).map { word(at: Self.buffer + UInt32(4 * $0)) },
                       [0x2000_4000, 0x2000_8000, 0x2001_0000, 0x2000_C000])
        put(words: [0x300])
        XCTAssertEqual(call(sh, 0x16), .fault("semihosting SYS_HEAPINFO: heap information block at 0x00000300 is not writable"))
    }

    func testExit() {
        let sh = makeSemihosting()
        XCTAssertEqual(call(sh, 0x18, 0x20026), .exit(code: 0, description: "ADP_Stopped_ApplicationExit (0x20026)"))
        XCTAssertEqual(call(sh, 0x18, 0x20023), .exit(code: 1, description: "ADP_Stopped_RunTimeErrorUnknown (0x20023)"))
        guard case .exit(1, let description) = call(sh, 0x18, 0x12345) else { return XCTFail("expected exit") }
        XCTAssertTrue(description.contains("0x12345"), description)
    }

    func testExitExtended() {
        let sh = makeSemihosting()
        put(words: [0x20026, 3])
        guard case .exit(3, let description) = call(sh, 0x20) else { return XCTFail("expected exit 3") }
        XCTAssertTrue(description.contains("ADP_Stopped_ApplicationExit"), description)
        put(words: [0x20026, 0])
        guard case .exit(0, _) = call(sh, 0x20) else { return XCTFail("expected exit 0") }
        put(words: [0x20026, UInt32(bitPattern: -2)])
        guard case .exit(-2, _) = call(sh, 0x20) else { return XCTFail("expected exit -2") }
        put(words: [0x20024, 7])
        guard case .exit(1, let other) = call(sh, 0x20) else { return XCTFail("expected exit 1") }
        XCTAssertTrue(other.contains("ADP_Stopped_InternalError (0x20024)"), other)
        XCTAssertEqual(call(sh, 0x20, 0x4000_0000),
                       .fault("semihosting SYS_EXIT_EXTENDED: parameter block at 0x40000000 is not readable"))
    }

    func testUnknownOperationAndUnreadableBlock() {
        let sh = makeSemihosting()
        XCTAssertEqual(call(sh, 0x99, 0), .fault("unknown semihosting operation 0x99"))
        XCTAssertEqual(call(sh, 0x0B, 0), .fault("unknown semihosting operation 0x0B"))
        XCTAssertEqual(call(sh, 0x05, 0x4000_0000),
                       .fault("semihosting SYS_WRITE: parameter block at 0x40000000 is not readable"))
        // A block that starts in RAM but runs off its end.
        XCTAssertEqual(call(sh, 0x06, Self.ramEnd - 4),
                       .fault("semihosting SYS_READ: parameter block at 0x\(String(Self.ramEnd - 4, radix: 16, uppercase: true)) is not readable"))
        for op: UInt32 in [0x01, 0x02, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x0E, 0x0F, 0x15, 0x16] {
            guard case .fault(let message) = call(sh, op, 0x4000_0000) else { XCTFail("op \(op)"); continue }
            XCTAssertTrue(message.hasSuffix("at 0x40000000 is not readable"), message)
        }
    }

    func testOperationNames() {
        XCTAssertEqual(SemihostingOperation.allCases.count, 24)
        XCTAssertEqual(SemihostingOperation(rawValue: 0x20)?.name, "SYS_EXIT_EXTENDED")
        XCTAssertEqual(Set(SemihostingOperation.allCases.map(\.name)).count, 24)
    }
}
