// swift-tools-version:6.0
import PackageDescription

// Optimise the emulator's library code even in debug builds' dependency graph where it matters:
// the CPU is always compiled with whole-module optimisation in release.
let package = Package(
    name: "tinyemu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tinyemu", targets: ["tinyemu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibElf",
            pkgConfig: "libelf",
            providers: [.apt(["libelf-dev"])]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .target(name: "Emulation"),
        .target(name: "CortexM", dependencies: ["Emulation"]),
        .target(name: "Firmware", dependencies: ["CLibElf"]),
        .target(
            name: "Platforms",
            dependencies: [.product(name: "Yams", package: "Yams")],
            plugins: ["EmbedPlatforms"]
        ),
        // Build-time embedding of Platforms/*.yaml into the Platforms module (see Plugins/EmbedPlatforms).
        .executableTarget(name: "EmbedPlatformsTool"),
        .plugin(name: "EmbedPlatforms", capability: .buildTool(), dependencies: ["EmbedPlatformsTool"]),
        .target(name: "Sensors", dependencies: ["CSndFile", "CPNG"]),
        .target(name: "Peripherals", dependencies: ["Emulation", "Platforms", "Sensors"]),
        .target(name: "Emulator", dependencies: ["Emulation", "CortexM", "Firmware", "Platforms", "Sensors", "Peripherals"]),
        // The GDB remote stub: protocol, target description, server loop over a DebugSession.
        .target(name: "GDBServer", dependencies: ["Emulation", "CortexM", "Emulator"]),
        .target(
            name: "TinyEmuCLI",
            dependencies: [
                "Emulation", "CortexM", "Firmware", "Platforms", "Emulator", "Sensors", "Peripherals", "GDBServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tinyemu", dependencies: ["TinyEmuCLI"]),
        .testTarget(name: "EmulationTests", dependencies: ["Emulation"]),
        .testTarget(name: "CortexMTests", dependencies: ["CortexM", "Emulation"]),
        .testTarget(name: "FirmwareTests", dependencies: ["Firmware"]),
        .testTarget(name: "PlatformsTests", dependencies: ["Platforms"]),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator"]),
        .testTarget(name: "SensorsTests", dependencies: ["Sensors"]),
        .testTarget(name: "PeripheralsTests", dependencies: ["Peripherals", "Emulation", "Platforms", "Sensors"]),
        .testTarget(name: "TinyEmuCLITests", dependencies: ["TinyEmuCLI"]),
        .testTarget(name: "GDBServerTests", dependencies: ["GDBServer", "Emulator", "Firmware", "Platforms"]),
    ]
)
