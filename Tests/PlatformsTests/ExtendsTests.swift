import Platforms
import XCTest

final class ExtendsTests: XCTestCase {
    func testOverrideAndAddOnTopOfABuiltin() throws {
        let yaml = """
            name: my-nano
            extends: nano33
            cpu: { clock: 16MHz }
            memory:
              - { name: ram, kind: ram, base: 0x20000000, size: 128K }
              - { name: boot, kind: rom, base: 0x00100000, size: 4K }

            """
        let board = try PlatformCatalog.parse(yaml: yaml, path: nil)
        XCTAssertEqual(board.name, "my-nano")
        XCTAssertEqual(board.title, "Arduino Nano 33 BLE Sense (nRF52840)", "inherited")
        XCTAssertEqual(board.cpu, CPUDescription(core: "cortex-m4f", clockHz: 16_000_000, irqCount: 48, priorityBits: 3))
        XCTAssertEqual(board.memory, [
            MemoryRegionDescription(name: "flash", kind: .flash, base: 0, size: 1 << 20),
            MemoryRegionDescription(name: "boot", kind: .rom, base: 0x0010_0000, size: 4096),
            MemoryRegionDescription(name: "ram", kind: .ram, base: 0x2000_0000, size: 128 << 10),
        ])
    }

    func testPeripheralsMergeByName() throws {
        let directory = try temporaryDirectory(for: self)
        try write(minimalBoard + """
            peripherals:
              - { name: uart0, type: uarte, base: 0x40002000, irq: 2 }
              - { name: timer0, type: timer, base: 0x40008000, irq: 8 }
            console: uart0

            """, to: directory, "base.yaml")
        try write("""
            name: child
            extends: base.yaml
            peripherals:
              - { name: timer0, type: timer, base: 0x40008000, irq: 9, parameters: { width: 32 } }
              - { name: rtc0, type: rtc, base: 0x4000B000 }

            """, to: directory, "child.yaml")
        let board = try PlatformCatalog.load(directory.appendingPathComponent("child.yaml").path)
        XCTAssertEqual(board.peripherals.map(\.name), ["uart0", "timer0", "rtc0"])
        XCTAssertEqual(board.peripherals[1].irq, 9)
        XCTAssertEqual(board.peripherals[1].parameters, ["width": "32"])
        XCTAssertEqual(board.console, "uart0")
    }

    func testRelativePathsResolveAgainstTheExtendingFile() throws {
        let directory = try temporaryDirectory(for: self)
        try write(minimalBoard, to: directory, "common/base.yaml")
        try write("name: middle\nextends: ../common/base.yaml\ncpu: { irqs: 64 }\n", to: directory, "boards/middle.yaml")
        try write("name: leaf\nextends: ./middle.yaml\n", to: directory, "boards/leaf.yaml")
        let leafPath = directory.appendingPathComponent("boards/leaf.yaml").path
        let board = try PlatformCatalog.load(leafPath)
        XCTAssertEqual(board.name, "leaf")
        XCTAssertEqual(board.cpu.irqCount, 64)
        XCTAssertEqual(board.region(named: "ram")?.size, 256 << 10)
        XCTAssertEqual(board.sourcePath, leafPath)
    }

    func testErrorsInTheParentNameTheParentFile() throws {
        let directory = try temporaryDirectory(for: self)
        try write(board(replacing: "size: 256K", with: "size: lots"), to: directory, "base.yaml")
        try write("name: child\nextends: base.yaml\n", to: directory, "child.yaml")
        XCTAssertThrowsError(try PlatformCatalog.load(directory.appendingPathComponent("child.yaml").path)) { error in
            XCTAssertEqual("\(error)", "\(directory.path)/base.yaml:6: memory[1].size: expected a size like 256K, 1M or 0x40000, found 'lots'")
        }
    }

    func testMergedRulesPointAtTheLineThatBrokeThem() {
        // The child's region overlaps the built-in flash: the error names both files.
        XCTAssertEqual(
            parseError("name: child\nextends: nano33\nmemory:\n  - { name: extra, kind: ram, base: 0x80000, size: 1M }\n"),
            "board.yaml:4: memory[0]: region 'extra' (0x00080000...0x0017FFFF) overlaps region 'flash' "
                + "(0x00000000...0x000FFFFF) (memory[0] at Platforms/nano33.yaml:8)"
        )
    }

    func testCycleIsDetected() throws {
        let directory = try temporaryDirectory(for: self)
        try write("name: a\nextends: b.yaml\n", to: directory, "a.yaml")
        try write("name: b\nextends: a.yaml\n", to: directory, "b.yaml")
        let a = directory.appendingPathComponent("a.yaml").path
        let b = directory.appendingPathComponent("b.yaml").path
        XCTAssertThrowsError(try PlatformCatalog.load(a)) { error in
            XCTAssertEqual("\(error)", "\(b):2: extends: extends cycle: \(a) -> \(b) -> \(a)")
        }
    }

    func testSelfExtensionIsACycle() throws {
        let directory = try temporaryDirectory(for: self)
        try write("name: a\nextends: ./a.yaml\n", to: directory, "a.yaml")
        let a = directory.appendingPathComponent("a.yaml").path
        XCTAssertThrowsError(try PlatformCatalog.load(a)) { error in
            XCTAssertEqual("\(error)", "\(a):2: extends: extends cycle: \(a) -> \(a)")
        }
    }

    func testUnknownParent() {
        XCTAssertEqual(
            parseError("name: x\nextends: nano34\n"),
            "board.yaml:2: extends: unknown platform 'nano34' (built-in: apollo3-edge, nano33, nano33-rev2; or give a path to a .yaml file)"
        )
        XCTAssertEqual(
            parseError("name: x\nextends: missing.yaml\n", path: "/nonexistent-dir/board.yaml"),
            "/nonexistent-dir/board.yaml:2: extends: /nonexistent-dir/missing.yaml: no such file"
        )
    }
}
