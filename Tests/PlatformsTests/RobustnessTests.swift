import Platforms
import XCTest

/// Whatever the input, parsing ends in a description or one line of error: never a trap, a
/// stack overflow or a hang.
final class RobustnessTests: XCTestCase {
    /// Just inside the structural limit, in the shapes that cost Yams the most stack per
    /// character: nested flow lists and explicit-key mappings.
    private let deepDocuments = [
        "name: x\ntitle: " + String(repeating: "[", count: 15_000) + String(repeating: "]", count: 15_000) + "\n",
        String(repeating: "? ", count: 15_900) + "x\n",
        "name: x\ntitle:\n" + String(repeating: "- ", count: 15_900) + "x\n",
    ]

    func testDeepNestingWithinTheLimitGivesAnError() {
        XCTAssertEqual(parseError(deepDocuments[0]), "board.yaml:2: title: expected a title, found a list")
        XCTAssertEqual(parseError(deepDocuments[1]), "board.yaml:1: expected a key name, found a complex key")
        XCTAssertEqual(parseError(deepDocuments[2]), "board.yaml:2: title: expected a title, found a list")
    }

    /// Parsing does not depend on the caller's stack: it works from a thread with a small one.
    func testDeepNestingFromASmallStackThread() {
        let documents = [deepDocuments[1]]  // the most stack per level
        let done = expectation(description: "parsed on a small-stack thread")
        let thread = Thread {
            for document in documents {
                XCTAssertNil(try? PlatformCatalog.parse(yaml: document, path: nil))
            }
            done.fulfill()
        }
        thread.stackSize = 256 << 10
        thread.start()
        wait(for: [done], timeout: 60)
    }

    func testNestingBeyondTheLimitIsRefused() {
        let yaml = "title: " + String(repeating: "[", count: 100_000) + "\n"
        XCTAssertEqual(
            parseError(yaml),
            "board.yaml:1: too much structure for a board description (100001 of '[{-?:'; at most 16000)"
        )
    }

    func testOversizedInputIsRefused() {
        let yaml = "title: " + String(repeating: "a", count: 2 << 20) + "\n"
        XCTAssertEqual(parseError(yaml), "board.yaml:1: file is larger than 1024 KiB; is it really a board description?")
    }

    func testControlCharactersAndOddScalarsGiveOneLine() {
        XCTAssertTrue(parseError("name: x\ntitle: a\u{0}b\n").hasPrefix("board.yaml:2: invalid YAML: "), parseError("name: x\ntitle: a\u{0}b\n"))
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: \"a\\nb\"")),
            "board.yaml:6: memory[1].size: expected a size like 256K, 1M or 0x40000, found 'a\\nb'"
        )
        XCTAssertEqual(
            parseError(board(replacing: "name: test", with: "? [complex]\n: key")),
            "board.yaml:1: expected a key name, found a complex key"
        )
    }

    func testAnchorsAndAliasesAreHarmless() {
        // A "billion laughs" document: aliases share nodes, and nothing walks them.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<20 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        XCTAssertEqual(parseError(yaml), "board.yaml:1: a0: unknown key (expected one of: name, title, extends, cpu, memory, peripherals, devices, leds, buttons, console)")
    }

    /// Every prefix and many mutations of a real board either parse or fail with one line.
    func testMutationsNeverTrap() throws {
        let source = minimalBoard + "peripherals:\n  - { name: uart0, type: uarte, base: 0x40002000, irq: 2, parameters: { a: 1 } }\nconsole: uart0\n"
        let characters = Array(source)
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("[]{}:-?,&*!|>'\"#\n\t 0x9KMz~%@`")
        var inputs = (0...characters.count).map { String(characters.prefix($0)) }
        for _ in 0..<2_000 {
            var mutated = characters
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let index = Int(generator.next() % UInt64(mutated.count))
                switch generator.next() % 3 {
                case 0: mutated[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: mutated.remove(at: index)
                default: mutated.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                }
            }
            inputs.append(String(mutated))
        }
        for input in inputs {
            do {
                _ = try PlatformCatalog.parse(yaml: input, path: "fuzz.yaml")
            } catch {
                XCTAssertFalse(error.description.contains("\n"), "multi-line error for input \(input.debugDescription)")
                XCTAssertTrue(error.description.hasPrefix("fuzz.yaml:"), "\(error)")
            }
        }
    }
}

/// Small deterministic generator so the mutation test is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
