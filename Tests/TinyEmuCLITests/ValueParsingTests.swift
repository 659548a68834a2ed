import XCTest
@testable import TinyEmuCLI

/// Durations on the command line take the units sensor specs take (`min` as well as `m`).
final class ValueParsingTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(ValueParsing.duration("500ms"), 500_000_000)
        XCTAssertEqual(ValueParsing.duration("2.5s"), 2_500_000_000)
        XCTAssertEqual(ValueParsing.duration("10"), 10_000_000_000)
        XCTAssertEqual(ValueParsing.duration("1min"), 60_000_000_000)
        XCTAssertEqual(ValueParsing.duration("1m"), 60_000_000_000)
        XCTAssertEqual(ValueParsing.duration("100us"), 100_000)
        XCTAssertEqual(ValueParsing.duration("1h"), 3_600_000_000_000)
        XCTAssertNil(ValueParsing.duration("soon"))
        XCTAssertNil(ValueParsing.duration("-1s"))
        XCTAssertNil(ValueParsing.duration("1mins"))
    }
}
