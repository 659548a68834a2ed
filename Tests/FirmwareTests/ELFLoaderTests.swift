import XCTest
@testable import Firmware

final class ELFLoaderTests: XCTestCase {
    private func loadSample() throws -> FirmwareImage {
        try FirmwareLoader.loadELF(bytes: SampleFirmware.bytes, path: "fw.elf")
    }

    // MARK: Valid images

    func testSegmentsArePlacedAtPhysicalAddressesWithBSSZeroFilled() throws {
        let image = try loadSample()
        XCTAssertEqual(image.format, .elf)
        XCTAssertEqual(image.path, "fw.elf")
        // The .data+.bss segment has p_paddr (flash) != p_vaddr (RAM): its file bytes (.data's
        // initial values) go to flash at p_paddr, its zero tail (.bss) to RAM at p_vaddr + p_filesz.
        XCTAssertEqual(image.segments.map(\.address), Self.sampleAddresses)
        XCTAssertEqual(image.segments[0].data, SampleFirmware.flashContents)
        XCTAssertEqual(image.segments[1].data, SampleFirmware.dataContents, "only the file bytes go to the load address")
        XCTAssertEqual(image.segments[2].data, [UInt8](repeating: 0, count: Int(SampleFirmware.bssSize)))
        XCTAssertEqual(image.byteCount, SampleFirmware.flashContents.count + SampleFirmware.dataContents.count + Int(SampleFirmware.bssSize))
    }

    /// Where the sample image's pieces go: code in flash, .data's initial values in flash after
    /// it, and the zeros of .bss in RAM right after .data's run-time copy.
    private static let sampleAddresses: [UInt32] = [
        SampleFirmware.flashBase,
        SampleFirmware.dataLoadAddress,
        SampleFirmware.ramBase + UInt32(SampleFirmware.dataContents.count),
    ]

    func testSegmentWithEqualPhysicalAndVirtualAddressesKeepsFileBytesAndZerosTogether() throws {
        var writer = ELF32Writer()
        writer.segments = [.init(virtualAddress: 0x2000_0000, contents: [1, 2, 3, 4], memorySize: 12, flags: 6)]
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x2000_0000, data: [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0])])
    }

    func testSegmentWithOnlyZerosAndSeparateLoadAddressGoesToItsRunTimeAddress() throws {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0x0800_0000, contents: [9, 9, 9, 9]),
            .init(virtualAddress: 0x2000_0000, physicalAddress: 0x0800_0004, contents: [], memorySize: 16, flags: 6),
        ]
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments, [
            FirmwareSegment(address: 0x0800_0000, data: [9, 9, 9, 9]),
            FirmwareSegment(address: 0x2000_0000, data: [UInt8](repeating: 0, count: 16)),
        ])
    }

    func testEntryKeepsThumbBit() throws {
        XCTAssertEqual(try loadSample().entry, 0x0800_0009)
    }

    func testSymbolsAreFilteredAndFunctionAddressesHaveThumbBitCleared() throws {
        let symbols = try loadSample().symbols
        XCTAssertEqual(
            Set(symbols.symbols.map(\.name)),
            ["helper", "g_vectors", "Reset_Handler", "main", "counter", "buffer", "_estack"]
        )
        XCTAssertEqual(symbols.address(of: "main"), 0x0800_0018)
        XCTAssertEqual(symbols.address(of: "Reset_Handler"), 0x0800_0008)
        XCTAssertEqual(symbols.address(of: "counter"), 0x2000_0000)
        XCTAssertEqual(symbols.address(of: "_estack"), 0x2002_0000)
        XCTAssertNil(symbols.address(of: "$t"))
        XCTAssertNil(symbols.address(of: "external_function"))

        let main = try XCTUnwrap(symbols.symbols.first { $0.name == "main" })
        XCTAssertEqual(main, FirmwareSymbol(name: "main", address: 0x0800_0018, size: 0x10, isFunction: true))
        let counter = try XCTUnwrap(symbols.symbols.first { $0.name == "counter" })
        XCTAssertFalse(counter.isFunction)

        let found = try XCTUnwrap(symbols.lookup(0x0800_0024))
        XCTAssertEqual(found.symbol.name, "main")
        XCTAssertEqual(found.offset, 0xC)
        XCTAssertEqual(symbols.describe(0x0800_0024), "main+0xc")
        XCTAssertEqual(symbols.describe(0x0800_0018), "main")
        XCTAssertEqual(symbols.describe(0x0800_0004), "g_vectors+0x4")
        XCTAssertEqual(symbols.describe(0x2000_0010), "buffer+0x8")
        XCTAssertEqual(symbols.describe(0x0000_1234), "0x00001234")
    }

    func testSectionsHaveKindsAndLoadAddresses() throws {
        let sections = try loadSample().sections
        let allocated = sections.filter(\.isAllocated)
        XCTAssertEqual(allocated, [
            FirmwareSection(name: ".isr_vector", address: 0x0800_0000, size: 8, loadAddress: 0x0800_0000, kind: .readOnlyData, isAllocated: true),
            FirmwareSection(name: ".text", address: 0x0800_0008, size: 48, loadAddress: 0x0800_0008, kind: .code, isAllocated: true),
            FirmwareSection(name: ".rodata", address: 0x0800_0038, size: 8, loadAddress: 0x0800_0038, kind: .readOnlyData, isAllocated: true),
            FirmwareSection(name: ".data", address: 0x2000_0000, size: 8, loadAddress: 0x0800_0040, kind: .data, isAllocated: true),
            FirmwareSection(name: ".bss", address: 0x2000_0008, size: 24, loadAddress: 0x2000_0008, kind: .bss, isAllocated: true),
        ])
        let other = sections.filter { !$0.isAllocated }
        XCTAssertEqual(other.map(\.name), [".symtab", ".strtab", ".shstrtab"])
        XCTAssertTrue(other.allSatisfy { $0.kind == .other })
    }

    func testFileWithoutSectionHeadersLoadsWithoutSymbols() throws {
        var bytes = SampleFirmware.bytes
        bytes.patchUInt32(at: 32, 0)  // e_shoff
        bytes.patchUInt16(at: 48, 0)  // e_shnum
        bytes.patchUInt16(at: 50, 0)  // e_shstrndx
        let image = try FirmwareLoader.loadELF(bytes: bytes, path: "fw.elf")
        XCTAssertEqual(image.segments.map(\.address), Self.sampleAddresses)
        XCTAssertEqual(image.segments.map(\.data.count), [64, 8, Int(SampleFirmware.bssSize)])
        XCTAssertTrue(image.symbols.isEmpty)
        XCTAssertTrue(image.sections.isEmpty)
    }

    func testNonLoadProgramHeadersAndEmptySegmentsAreIgnored() throws {
        var writer = SampleFirmware.writer
        writer.segments.append(.init(virtualAddress: 0x3000_0000, contents: [1, 2, 3, 4]))
        writer.segments.append(.init(virtualAddress: 0x4000_0000, contents: []))
        writer.programHeaderTypes = [1, 1, 0x7000_0001, 1]  // PT_ARM_EXIDX is not loaded
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments.map(\.address), Self.sampleAddresses)
    }

    func testSegmentsAreSortedByAddress() throws {
        var writer = SampleFirmware.writer
        writer.sections = []
        writer.segments.reverse()
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments.map(\.address), Self.sampleAddresses)
        XCTAssertEqual(image.segments.map(\.data.count), [64, 8, Int(SampleFirmware.bssSize)])
    }

    func testAdjacentSegmentsDoNotCountAsOverlapping() throws {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0x1000, contents: [1, 2, 3, 4]),
            .init(virtualAddress: 0x1004, contents: [5, 6, 7, 8]),
        ]
        XCTAssertEqual(try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf").segments.count, 2)
    }

    func testSegmentEndingExactlyAt4GiBIsAccepted() throws {
        var writer = ELF32Writer()
        writer.segments = [.init(virtualAddress: 0xFFFF_FFF0, contents: [UInt8](repeating: 7, count: 16))]
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments.first?.address, 0xFFFF_FFF0)
    }

    // MARK: Rejections

    private func assertRejected(
        _ bytes: [UInt8], _ expectedMessage: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let error = expectFirmwareError({ () throws(FirmwareError) in try FirmwareLoader.loadELF(bytes: bytes, path: "fw.elf") }, file: file, line: line)
        XCTAssertEqual(error?.description, "fw.elf: \(expectedMessage)", file: file, line: line)
    }

    private func assertRejected(
        _ bytes: [UInt8], containing fragment: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let error = expectFirmwareError({ () throws(FirmwareError) in try FirmwareLoader.loadELF(bytes: bytes, path: "fw.elf") }, file: file, line: line)
        let description = error?.description ?? ""
        XCTAssertTrue(description.hasPrefix("fw.elf: "), description, file: file, line: line)
        XCTAssertTrue(description.contains(fragment), "\(description) does not contain \(fragment)", file: file, line: line)
        XCTAssertFalse(description.contains("\n"), file: file, line: line)
    }

    func testRejectsNonELF() {
        assertRejected(Array("hello, world, this is not an ELF file at all, no.....".utf8), "not an ELF file (bad magic)")
        assertRejected([], containing: "not an ELF file (too short")
        assertRejected([0x7F, 0x45], containing: "not an ELF file (too short")
    }

    func testRejectsTruncatedHeader() {
        assertRejected(Array(SampleFirmware.bytes.prefix(40)), "not an ELF file (too short for an ELF header: 40 bytes, need 52)")
    }

    func testRejects64BitELF() {
        var bytes = SampleFirmware.bytes
        bytes[4] = 2
        assertRejected(bytes, "64-bit ELF (ELFCLASS64); expected a 32-bit ARM ELF")
    }

    func testRejectsBigEndianELF() {
        var bytes = SampleFirmware.bytes
        bytes[5] = 2
        assertRejected(bytes, "big-endian ELF; expected little-endian")
    }

    func testRejectsOtherMachinesByName() {
        var writer = SampleFirmware.writer
        writer.machine = 62
        assertRejected(writer.build(), "machine x86-64 (62); expected ARM (40)")
        writer.machine = 243
        assertRejected(writer.build(), "machine RISC-V (243); expected ARM (40)")
        writer.machine = 4242
        assertRejected(writer.build(), "machine unknown (4242); expected ARM (40)")
    }

    func testRejectsRelocatableObjects() {
        var writer = SampleFirmware.writer
        writer.type = 1
        assertRejected(writer.build(), containing: "ELF type REL")
    }

    func testRejectsTruncatedProgramHeaderTable() {
        // Cut in the middle of the second program header.
        assertRejected(Array(SampleFirmware.bytes.prefix(52 + 32 + 10)), containing: "truncated: program header table")
    }

    func testRejectsTruncatedSegmentData() {
        var writer = SampleFirmware.writer
        writer.sections = []
        writer.symbols = []
        let (bytes, layout) = writer.buildWithLayout()
        var withoutSections = bytes
        withoutSections.patchUInt32(at: 32, 0)
        withoutSections.patchUInt16(at: 48, 0)
        withoutSections.patchUInt16(at: 50, 0)
        let cut = Array(withoutSections.prefix(layout.segmentOffsets[1] + 4))
        assertRejected(cut, containing: "truncated: segment 1 (PT_LOAD)")
    }

    func testRejectsSegmentFileRangePastEndOfFile() {
        var bytes = SampleFirmware.bytes
        bytes.patchUInt32(at: 52 + 4, 0xFFFF_FFF0)  // p_offset of segment 0
        assertRejected(bytes, containing: "truncated: segment 0 (PT_LOAD) file range 0xfffffff0+0x40 extends past end of file")
    }

    func testRejectsTruncatedSectionHeaderTable() {
        let bytes = SampleFirmware.bytes
        assertRejected(Array(bytes.dropLast(20)), containing: "truncated: section header table")
    }

    func testRejectsMemorySizeSmallerThanFileSize() {
        var writer = SampleFirmware.writer
        writer.segments[0].memorySize = 16
        assertRejected(writer.build(), "segment 0 (PT_LOAD): file size 0x40 exceeds memory size 0x10")
    }

    func testRejectsOverlappingSegments() {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0x0800_0000, contents: [UInt8](repeating: 1, count: 0x100)),
            .init(virtualAddress: 0x2000_0000, physicalAddress: 0x0800_0080, contents: [1, 2, 3, 4], memorySize: 0x20),
        ]
        // Only the 4 file bytes go to the load address; the zero tail goes to 0x20000004.
        assertRejected(writer.build(), "segments overlap: 0x08000000-0x080000ff and 0x08000080-0x08000083")
    }

    func testRejectsZeroTailOverlappingAnotherSegmentInRAM() {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0x0800_0000, contents: [UInt8](repeating: 1, count: 0x40)),
            // .data (8 bytes) stored in flash after the code, .bss zeros at 0x20000008-0x2000003f.
            .init(virtualAddress: 0x2000_0000, physicalAddress: 0x0800_0040, contents: [UInt8](repeating: 2, count: 8),
                  memorySize: 0x40, flags: 6),
            // Another RAM segment inside that zero tail.
            .init(virtualAddress: 0x2000_0020, contents: [UInt8](repeating: 3, count: 0x10), flags: 6),
        ]
        assertRejected(writer.build(), "segments overlap: 0x20000008-0x2000003f and 0x20000020-0x2000002f")
    }

    func testZeroTailAdjacentToAnotherSegmentIsAccepted() throws {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0x2000_0000, physicalAddress: 0x0800_0000, contents: [5, 5, 5, 5], memorySize: 0x10, flags: 6),
            .init(virtualAddress: 0x2000_0010, contents: [6, 6, 6, 6], flags: 6),
        ]
        let image = try FirmwareLoader.loadELF(bytes: writer.build(), path: "fw.elf")
        XCTAssertEqual(image.segments.map(\.address), [0x0800_0000, 0x2000_0004, 0x2000_0010])
        XCTAssertEqual(image.segments.map(\.data.count), [4, 12, 4])
    }

    func testRejectsImagesWithNothingToLoad() {
        var writer = ELF32Writer()
        writer.segments = [.init(virtualAddress: 0x1000, contents: [])]
        assertRejected(writer.build(), containing: "no loadable segments")
        writer.programHeaderTypes = [4]  // PT_NOTE
        writer.segments = [.init(virtualAddress: 0x1000, contents: [1, 2, 3, 4])]
        assertRejected(writer.build(), containing: "no loadable segments")
    }

    func testRejectsSegmentsWrappingPast4GiB() {
        var writer = ELF32Writer()
        writer.segments = [.init(virtualAddress: 0xFFFF_FFF0, contents: [1, 2, 3, 4], memorySize: 0x20)]
        assertRejected(writer.build(), "segment 0 (PT_LOAD): address range 0xfffffff0+0x20 wraps past 4 GiB")
    }

    func testRejectsImplausiblyLargeSegments() {
        var writer = ELF32Writer()
        writer.segments = [.init(virtualAddress: 0, contents: [1, 2, 3, 4], memorySize: 0xF000_0000)]
        assertRejected(writer.build(), containing: "implausibly large")
    }

    // MARK: Robustness

    /// Every prefix of a valid file must be rejected cleanly (or load), never crash.
    func testEveryTruncationIsHandled() {
        let bytes = SampleFirmware.bytes
        for length in 0..<bytes.count {
            do {
                _ = try FirmwareLoader.loadELF(bytes: Array(bytes.prefix(length)), path: "fw.elf")
            } catch {
                XCTAssertFalse(error.description.isEmpty)
            }
        }
    }

    /// Random corruption of headers and tables must never crash the loader or libelf.
    func testRandomCorruptionIsHandled() {
        let original = SampleFirmware.bytes
        var generator = SeededGenerator(state: 0x5EED_1234_ABCD_0001)
        var loaded = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                // Bias corruption toward the header and tables, where it matters most.
                let index = Bool.random(using: &generator)
                    ? Int.random(in: 16..<(52 + 64), using: &generator)
                    : Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? FirmwareLoader.loadELF(bytes: bytes, path: "fw.elf")) != nil { loaded += 1 }
        }
        XCTAssertGreaterThan(loaded, 0, "some corruptions (e.g. in symbol names) should still load")
    }

    // MARK: Performance

    func testLoadingOneMebibyteImageIsFast() throws {
        var writer = ELF32Writer()
        writer.segments = [
            .init(virtualAddress: 0, contents: (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
            .init(virtualAddress: 0x2000_0000, contents: [], memorySize: 1 << 18, flags: 6),
        ]
        let bytes = writer.build()
        let clock = ContinuousClock()
        let start = clock.now
        let image = try FirmwareLoader.loadELF(bytes: bytes, path: "big.elf")
        let elapsed = clock.now - start
        XCTAssertEqual(image.byteCount, (1 << 20) + (1 << 18))
        XCTAssertLessThan(elapsed, .seconds(1))
    }
}
