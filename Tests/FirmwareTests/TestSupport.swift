import Foundation
import XCTest
@testable import Firmware

/// Runs a throwing loader call and returns its error, failing the test if it succeeded.
func expectFirmwareError(
    _ body: () throws(FirmwareError) -> FirmwareImage,
    file: StaticString = #filePath,
    line: UInt = #line
) -> FirmwareError? {
    do {
        let image = try body()
        XCTFail("expected an error, got an image with \(image.segments.count) segments", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// A fresh directory under the system temporary directory, removed by the test's teardown.
func makeTemporaryDirectory(for testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("tinyemu-firmware-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock {
        try? FileManager.default.removeItem(at: directory)
    }
    return directory
}

func write(_ bytes: [UInt8], to url: URL) throws {
    try Data(bytes).write(to: url)
}

/// Formats one Intel HEX record with a correct checksum.
func hexRecord(type: UInt8, address: UInt16 = 0, data: [UInt8] = []) -> String {
    let fields = [UInt8(data.count), UInt8(address >> 8), UInt8(address & 0xFF), type] + data
    let checksum = 0 &- fields.reduce(0, &+)
    return ":" + (fields + [checksum]).map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

/// Deterministic pseudo-random numbers (xorshift64*) so fuzz-style tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}
