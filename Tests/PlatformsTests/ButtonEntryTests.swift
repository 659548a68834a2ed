import Platforms
import XCTest

/// `buttons:`: name, pin, active-low (default true: a button to ground); read and checked like
/// the LEDs, merged by name through `extends`.
final class ButtonEntryTests: XCTestCase {
    let withButtons = minimalBoard + """
        buttons:
          - { name: user, pin: P0.11 }
          - { name: wake, pin: P1.2, active-low: false }

        """

    func testEntriesAreReadWithActiveLowByDefault() throws {
        let board = try PlatformCatalog.parse(yaml: withButtons, path: "board.yaml")
        XCTAssertEqual(board.buttons, [
            ButtonDescription(name: "user", pin: GPIOPin(port: 0, number: 11), activeLow: true),
            ButtonDescription(name: "wake", pin: GPIOPin(port: 1, number: 2), activeLow: false),
        ])
    }

    func testErrorsNameTheLineAndKey() {
        XCTAssertEqual(
            parseError(withButtons.replacingOccurrences(of: "pin: P0.11", with: "pin: D2")),
            "board.yaml:8: buttons[0].pin: expected a pin like P0.11 or P1.02 (port, then pin 0...31), found 'D2'"
        )
        XCTAssertEqual(
            parseError(withButtons.replacingOccurrences(of: "active-low: false", with: "debounce: 5ms")),
            "board.yaml:9: buttons[1].debounce: unknown key (expected one of: name, pin, active-low)"
        )
    }

    func testTheNano33HasNoUserButton() throws {
        XCTAssertEqual(try PlatformCatalog.load("nano33").buttons, [], "only a reset button, which is not a GPIO")
    }
}
