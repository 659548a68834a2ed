import Platforms
import XCTest

/// Each rule of the schema fails with one line naming file, line and key path.
final class ParseErrorTests: XCTestCase {
    func testMinimalBoardParses() throws {
        let board = try PlatformCatalog.parse(yaml: minimalBoard, path: "board.yaml")
        XCTAssertEqual(board.name, "test")
        XCTAssertEqual(board.title, "Test board")
        XCTAssertEqual(board.sourcePath, "board.yaml")
        XCTAssertEqual(board.memory.map(\.name), ["flash", "ram"])
    }

    func testMemoryIsSortedByBase() throws {
        let yaml = board(
            replacing: "  - { name: flash, kind: flash, base: 0x0, size: 1M }\n  - { name: ram, kind: ram, base: 0x20000000, size: 256K }",
            with: "  - { name: ram, kind: ram, base: 0x20000000, size: 256K }\n  - { name: boot, kind: rom, base: 0x100000, size: 4K }\n  - { name: flash, kind: flash, base: 0x0, size: 1M }"
        )
        XCTAssertEqual(try PlatformCatalog.parse(yaml: yaml, path: nil).memory.map(\.name), ["flash", "boot", "ram"])
    }

    func testBlockStyleAndNumberForms() throws {
        let yaml = """
            name: block
            cpu:
              core: cortex-m4
              clock: 32.768 kHz
              irqs: 0x20
              priority-bits: 8
            memory:
              - name: flash
                kind: flash
                base: 0
                size: 0x40000
              - name: ram
                kind: ram
                base: 0xFFFF0000
                size: 64K
            """
        let board = try PlatformCatalog.parse(yaml: yaml, path: nil)
        XCTAssertEqual(board.title, "block", "title defaults to the name")
        XCTAssertEqual(board.cpu, CPUDescription(core: "cortex-m4", clockHz: 32_768, irqCount: 32, priorityBits: 8))
        XCTAssertFalse(board.cpu.hasFPU)
        XCTAssertEqual(board.region(named: "flash")?.size, 0x40000)
        XCTAssertEqual(board.region(named: "ram")?.end, 1 << 32, "a region may end exactly at 4 GiB")
    }

    // MARK: Values

    func testBadSize() {
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: big")),
            "board.yaml:6: memory[1].size: expected a size like 256K, 1M or 0x40000, found 'big'"
        )
    }

    func testZeroSize() {
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: 0")),
            "board.yaml:6: memory[1].size: size must not be zero"
        )
    }

    func testSizeBeyondAddressSpace() {
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: 4096M")),
            "board.yaml:6: memory[1].size: size '4096M' does not fit the 4 GiB address space"
        )
    }

    func testRegionWrappingPast4GiB() {
        XCTAssertEqual(
            parseError(board(replacing: "base: 0x20000000", with: "base: 0xFFFF0000")),
            "board.yaml:6: memory[1].size: 0xFFFF0000 + '256K' wraps past the end of the 4 GiB address space"
        )
    }

    func testBadBase() {
        XCTAssertEqual(
            parseError(board(replacing: "base: 0x20000000", with: "base: 0x1_0000_0000")),
            "board.yaml:6: memory[1].base: expected an address like 0x20000000, found '0x1_0000_0000'"
        )
        XCTAssertEqual(
            parseError(board(replacing: "base: 0x20000000", with: "base: 0x100000000")),
            "board.yaml:6: memory[1].base: address '0x100000000' is past the 32-bit address space"
        )
    }

    func testBadKind() {
        XCTAssertEqual(
            parseError(board(replacing: "kind: ram", with: "kind: sram")),
            "board.yaml:6: memory[1].kind: expected one of flash, ram, rom, found 'sram'"
        )
    }

    func testZeroClock() {
        XCTAssertEqual(
            parseError(board(replacing: "clock: 64MHz", with: "clock: 0MHz")),
            "board.yaml:3: cpu.clock: clock must be above 0 Hz"
        )
    }

    func testBadClock() {
        XCTAssertEqual(
            parseError(board(replacing: "clock: 64MHz", with: "clock: fast")),
            "board.yaml:3: cpu.clock: expected a clock like 64MHz, 32.768kHz or 48000000, found 'fast'"
        )
        XCTAssertEqual(
            parseError(board(replacing: "clock: 64MHz", with: "clock: 1.5Hz")),
            "board.yaml:3: cpu.clock: expected a clock like 64MHz, 32.768kHz or 48000000, found '1.5Hz'"
        )
    }

    func testIRQCountRange() {
        XCTAssertEqual(
            parseError(board(replacing: "irqs: 48", with: "irqs: 0")),
            "board.yaml:3: cpu.irqs: expected an interrupt count in 1...496, found 0"
        )
        XCTAssertEqual(
            parseError(board(replacing: "irqs: 48", with: "irqs: 497")),
            "board.yaml:3: cpu.irqs: expected an interrupt count in 1...496, found 497"
        )
        XCTAssertEqual(
            parseError(board(replacing: "irqs: 48", with: "irqs: 99999999999999999999999")),
            "board.yaml:3: cpu.irqs: expected an interrupt count, found '99999999999999999999999'"
        )
        XCTAssertEqual(
            parseError(board(replacing: "irqs: 48", with: "irqs: -1")),
            "board.yaml:3: cpu.irqs: expected an interrupt count, found '-1'"
        )
    }

    func testPriorityBitsRange() {
        XCTAssertEqual(
            parseError(board(replacing: "priority-bits: 3", with: "priority-bits: 1")),
            "board.yaml:3: cpu.priority-bits: expected a number of priority bits in 2...8, found 1"
        )
        XCTAssertEqual(
            parseError(board(replacing: "priority-bits: 3", with: "priority-bits: 9")),
            "board.yaml:3: cpu.priority-bits: expected a number of priority bits in 2...8, found 9"
        )
    }

    func testUnsupportedCore() {
        XCTAssertEqual(
            parseError(board(replacing: "core: cortex-m4f", with: "core: cortex-m0")),
            "board.yaml:3: cpu.core: expected one of cortex-m4f, cortex-m4, found 'cortex-m0'"
        )
    }

    // MARK: Whole-board rules

    func testOverlappingRegionsNameBoth() {
        XCTAssertEqual(
            parseError(board(replacing: "base: 0x20000000", with: "base: 0xF0000")),
            "board.yaml:6: memory[1]: region 'ram' (0x000F0000...0x0012FFFF) overlaps region 'flash' "
                + "(0x00000000...0x000FFFFF) (memory[0] at board.yaml:5)"
        )
    }

    func testOverlapWithARegionThatIsNotTheNeighbour() {
        // boot lies inside flash but after the small rom region that starts inside flash too.
        let yaml = minimalBoard + "  - { name: rom, kind: rom, base: 0x1000, size: 4K }\n  - { name: boot, kind: rom, base: 0x8000, size: 4K }\n"
        XCTAssertEqual(
            parseError(yaml),
            "board.yaml:7: memory[2]: region 'rom' (0x00001000...0x00001FFF) overlaps region 'flash' "
                + "(0x00000000...0x000FFFFF) (memory[0] at board.yaml:5)"
        )
        let later = minimalBoard + "  - { name: boot, kind: rom, base: 0x8000, size: 4K }\n"
        XCTAssertTrue(parseError(later).hasPrefix("board.yaml:7: memory[2]: region 'boot'"))
    }

    func testNoFlashRegion() {
        XCTAssertEqual(
            parseError(board(replacing: "kind: flash", with: "kind: rom")),
            "board.yaml:4: memory: no region of kind flash (a board needs at least one flash and one ram region)"
        )
    }

    func testNoRAMRegion() {
        XCTAssertEqual(
            parseError(board(replacing: "kind: ram", with: "kind: rom")),
            "board.yaml:4: memory: no region of kind ram (a board needs at least one flash and one ram region)"
        )
    }

    func testNoMemoryAtAll() {
        XCTAssertEqual(
            parseError("name: x\ncpu: { core: cortex-m4f, clock: 64MHz, irqs: 48, priority-bits: 3 }\n"),
            "board.yaml:1: memory: no region of kind flash (a board needs at least one flash and one ram region)"
        )
    }

    func testDuplicateRegionName() {
        XCTAssertEqual(
            parseError(board(replacing: "name: ram,", with: "name: flash,")),
            "board.yaml:6: memory[1].name: duplicate name 'flash' (also memory[0] at line 5)"
        )
    }

    func testMissingRegionKey() {
        XCTAssertEqual(
            parseError(board(replacing: ", size: 256K", with: "")),
            "board.yaml:6: memory[1]: missing key 'size'"
        )
    }

    func testMissingName() {
        XCTAssertEqual(
            parseError(board(replacing: "name: test\n", with: "")),
            "board.yaml:1: name: missing key (every board needs a name)"
        )
    }

    func testBadName() {
        XCTAssertEqual(
            parseError(board(replacing: "name: test", with: "name: my board")),
            "board.yaml:1: name: expected a name of letters, digits, '-', '_' or '.', found 'my board'"
        )
    }

    func testMissingCPUKey() {
        XCTAssertEqual(
            parseError(board(replacing: "irqs: 48, ", with: "")),
            "board.yaml:3: cpu.irqs: missing key (e.g. irqs: 48)"
        )
        XCTAssertEqual(
            parseError(board(replacing: "cpu: { core: cortex-m4f, clock: 64MHz, irqs: 48, priority-bits: 3 }\n", with: "")),
            "board.yaml:1: cpu.core: missing key (e.g. core: cortex-m4f)"
        )
    }

    // MARK: Keys and shapes

    func testUnknownTopLevelKey() {
        XCTAssertEqual(
            parseError(minimalBoard + "switches:\n  - sw0\n"),
            "board.yaml:7: switches: unknown key (expected one of: name, title, extends, cpu, memory, peripherals, devices, leds, buttons, console)"
        )
    }

    func testUnknownNestedKey() {
        XCTAssertEqual(
            parseError(board(replacing: "priority-bits: 3", with: "priority-bits: 3, speed: 2")),
            "board.yaml:3: cpu.speed: unknown key (expected one of: core, clock, irqs, priority-bits)"
        )
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: 256K, wait-states: 1")),
            "board.yaml:6: memory[1].wait-states: unknown key (expected one of: name, kind, base, size)"
        )
    }

    func testDuplicateKey() {
        XCTAssertEqual(
            parseError(minimalBoard + "name: again\n"),
            "board.yaml:7: name: duplicate key (first given at line 1)"
        )
    }

    func testWrongShapes() {
        XCTAssertEqual(
            parseError(board(replacing: "cpu: { core: cortex-m4f, clock: 64MHz, irqs: 48, priority-bits: 3 }", with: "cpu: cortex-m4f")),
            "board.yaml:3: cpu: expected a mapping of keys to values, found 'cortex-m4f'"
        )
        XCTAssertEqual(
            parseError(board(replacing: "cpu: { core: cortex-m4f, clock: 64MHz, irqs: 48, priority-bits: 3 }", with: "cpu:")),
            "board.yaml:3: cpu: expected a mapping of keys to values, found nothing"
        )
        XCTAssertEqual(
            parseError("name: t\ncpu: { core: cortex-m4 }\nmemory: { flash: 1M }\n"),
            "board.yaml:3: memory: expected a list, found a mapping"
        )
        XCTAssertEqual(
            parseError("- name: x\n"),
            "board.yaml:1: expected a board description (a mapping with name, cpu, memory, ...), found a list"
        )
        XCTAssertEqual(
            parseError(board(replacing: "title: Test board", with: "title: \"two\\nlines\"")),
            "board.yaml:2: title: expected a title on one line"
        )
        XCTAssertEqual(
            parseError(board(replacing: "title: Test board", with: "title: [a, b]")),
            "board.yaml:2: title: expected a title, found a list"
        )
    }

    func testEmptyDocument() {
        XCTAssertEqual(
            parseError("# nothing here\n"),
            "board.yaml:1: expected a board description (a mapping with name, cpu, memory, ...), found an empty document"
        )
    }

    func testPathlessTextIsNamedInMessages() {
        XCTAssertEqual(
            parseError(board(replacing: "size: 256K", with: "size: big"), path: nil),
            "<yaml>:6: memory[1].size: expected a size like 256K, 1M or 0x40000, found 'big'"
        )
    }

    // MARK: Malformed YAML

    func testMalformedYAMLNamesFileAndLine() {
        XCTAssertEqual(
            parseError(minimalBoard + "devices: [unclosed\n"),
            "board.yaml:8: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 7)"
        )
        let badIndent = "name: x\ncpu:\n  core: a\n clock: b\n"
        XCTAssertTrue(parseError(badIndent).hasPrefix("board.yaml:4: invalid YAML: "), parseError(badIndent))
        let tab = "name: x\n\tcpu: y\n"
        XCTAssertTrue(parseError(tab).hasPrefix("board.yaml:2: invalid YAML: "), parseError(tab))
    }

    func testTwoDocumentsAreRejected() {
        XCTAssertTrue(parseError(minimalBoard + "---\nname: other\n").hasPrefix("board.yaml:7: invalid YAML: "))
    }

    func testUndefinedAlias() {
        XCTAssertTrue(parseError(board(replacing: "name: test", with: "name: *nothing")).hasPrefix("board.yaml:1: invalid YAML: found undefined alias"))
    }
}
