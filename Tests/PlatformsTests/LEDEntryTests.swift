import Platforms
import XCTest

/// `leds:`: name, pin (P0.13), active-low; read, checked and merged like the other lists.
final class LEDEntryTests: XCTestCase {
    let withLEDs = minimalBoard + """
        leds:
          - { name: status, pin: P0.13 }
          - { name: red, pin: P1.9, active-low: true }

        """

    func testEntriesAreRead() throws {
        let board = try PlatformCatalog.parse(yaml: withLEDs, path: "board.yaml")
        XCTAssertEqual(board.leds, [
            LEDDescription(name: "status", pin: GPIOPin(port: 0, number: 13)),
            LEDDescription(name: "red", pin: GPIOPin(port: 1, number: 9), activeLow: true),
        ])
        XCTAssertEqual(board.leds[1].pin.description, "P1.09")
    }

    func testNano33ListsItsLEDs() throws {
        let board = try PlatformCatalog.load("nano33")
        XCTAssertEqual(board.leds.map { "\($0.name) \($0.pin) \($0.activeLow ? "low" : "high")" },
                       ["builtin P0.13 high", "red P0.24 low", "green P0.16 low", "blue P0.06 low", "power P1.09 high"])
    }

    func testPinSyntax() {
        for good in ["P0.0", "P0.31", "P1.09", "P9.5"] { XCTAssertNotNil(GPIOPin(good), good) }
        for bad in ["P0.32", "P0", "0.13", "P0.", "P0.+1", "P00.1", "p0.13", "P0.13.1", "P0.100", "PA.1"] {
            XCTAssertNil(GPIOPin(bad), bad)
        }
        XCTAssertEqual(
            parseError(withLEDs.replacingOccurrences(of: "pin: P0.13", with: "pin: D13")),
            "board.yaml:8: leds[0].pin: expected a pin like P0.13 or P1.09 (port, then pin 0...31), found 'D13'"
        )
    }

    func testActiveLowIsABoolean() {
        XCTAssertEqual(
            parseError(withLEDs.replacingOccurrences(of: "active-low: true", with: "active-low: yes please")),
            "board.yaml:9: leds[1].active-low: expected true or false, found 'yes please'"
        )
    }

    func testMissingPinUnknownKeyAndDuplicateName() {
        XCTAssertEqual(
            parseError(withLEDs.replacingOccurrences(of: "{ name: status, pin: P0.13 }", with: "{ name: status }")),
            "board.yaml:8: leds[0]: missing key 'pin'"
        )
        XCTAssertEqual(
            parseError(withLEDs.replacingOccurrences(of: "active-low: true", with: "colour: red")),
            "board.yaml:9: leds[1].colour: unknown key (expected one of: name, pin, active-low)"
        )
        XCTAssertEqual(
            parseError(withLEDs.replacingOccurrences(of: "name: red", with: "name: status")),
            "board.yaml:9: leds[1].name: duplicate name 'status' (also leds[0] at line 8)"
        )
    }

    func testExtendsReplacesByNameAndAdds() throws {
        let yaml = """
            name: my-nano
            extends: nano33
            leds:
              - { name: builtin, pin: P0.13, active-low: true }
              - { name: external, pin: P1.02 }

            """
        let board = try PlatformCatalog.parse(yaml: yaml, path: nil)
        XCTAssertEqual(board.leds.map(\.name), ["builtin", "red", "green", "blue", "power", "external"])
        XCTAssertEqual(board.leds[0].activeLow, true)
    }
}
