import XCTest
@testable import Firmware

final class MemoryAreaValidationTests: XCTestCase {
    private let areas = [
        MemoryArea(name: "flash", base: 0x0800_0000, size: 0x1_0000),
        MemoryArea(name: "sram", base: 0x2000_0000, size: 0x8000),
    ]

    private func image(_ segments: [FirmwareSegment]) -> FirmwareImage {
        FirmwareImage(path: "fw.elf", format: .elf, segments: segments)
    }

    private func validationError(_ segments: [FirmwareSegment], areas: [MemoryArea]? = nil) -> FirmwareError? {
        do {
            try image(segments).validate(against: areas ?? self.areas)
            return nil
        } catch {
            return error
        }
    }

    func testSampleFirmwareFitsItsMemory() throws {
        let image = try FirmwareLoader.loadELF(bytes: SampleFirmware.bytes, path: "fw.elf")
        XCTAssertNoThrow(try image.validate(against: areas))
    }

    func testSegmentsInsideAreasPass() {
        XCTAssertNil(validationError([
            FirmwareSegment(address: 0x0800_0000, data: [UInt8](repeating: 0, count: 0x1_0000)),
            FirmwareSegment(address: 0x2000_7FFF, data: [1]),
        ]))
    }

    func testSegmentOutsideEveryArea() {
        XCTAssertEqual(
            validationError([FirmwareSegment(address: 0x1000_0000, data: [1, 2, 3, 4])])?.description,
            "fw.elf: segment 0x10000000-0x10000003 lies outside every memory area; areas: flash 0x08000000-0x0800ffff, sram 0x20000000-0x20007fff"
        )
    }

    func testSegmentPartlyOutside() {
        XCTAssertEqual(
            validationError([FirmwareSegment(address: 0x2000_7FFE, data: [1, 2, 3, 4])])?.description,
            "fw.elf: segment 0x20007ffe-0x20008001 extends outside the memory areas (first uncovered address 0x20008000); areas: flash 0x08000000-0x0800ffff, sram 0x20000000-0x20007fff"
        )
    }

    func testSegmentSpanningAdjacentAreasPasses() {
        let banks = [
            MemoryArea(name: "bank1", base: 0x1000, size: 0x1000),
            MemoryArea(name: "bank0", base: 0x0000, size: 0x1000),
        ]
        XCTAssertNil(validationError([FirmwareSegment(address: 0x0F00, data: [UInt8](repeating: 0, count: 0x200))], areas: banks))
        XCTAssertNotNil(validationError([FirmwareSegment(address: 0x1F00, data: [UInt8](repeating: 0, count: 0x200))], areas: banks))
    }

    func testAreaEndingAt4GiB() {
        let top = [MemoryArea(name: "top", base: 0xFFFF_0000, size: 0x1_0000 - 1)]
        XCTAssertNil(validationError([FirmwareSegment(address: 0xFFFF_0000, data: [1])], areas: top))
        XCTAssertNotNil(validationError([FirmwareSegment(address: 0xFFFF_FFFF, data: [1])], areas: top))
    }

    func testNoAreas() {
        XCTAssertEqual(
            validationError([FirmwareSegment(address: 0, data: [1])], areas: [])?.message,
            "segment 0x00000000-0x00000000 lies outside every memory area; areas: none"
        )
    }
}
