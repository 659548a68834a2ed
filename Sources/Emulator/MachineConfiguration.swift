import CortexM
import Sensors

/// Everything about a run that is not the board or the firmware.
public struct MachineConfiguration: Sendable {
    /// Host directory the firmware may open files under through semihosting (nil: none).
    public var semihostingRoot: String?
    /// What SYS_GET_CMDLINE returns.
    public var commandLine: String
    /// Overrides of the reset vector's SP and PC (the PC with its Thumb bit).
    public var initialSP: UInt32?
    public var initialPC: UInt32?
    /// Files to place in memory before reset, e.g. test data: (address, bytes).
    public var preloads: [(address: UInt32, bytes: [UInt8])]
    /// The sensors' sources, noise and seed, for the device models that pull from them: the
    /// streaming interfaces and the board's sensor chips (IMU, microphone, …).
    public var sensors = SensorConfiguration()
    /// Button presses to perform (`--press`), by the board's button names.
    public var presses: [ButtonPress] = []
    /// `--flash-image`: flash and UICR kept in a file across runs (see `FlashImage`).
    public var flashImage: FlashImage?

    public init(semihostingRoot: String? = nil, commandLine: String = "", initialSP: UInt32? = nil,
                initialPC: UInt32? = nil, preloads: [(address: UInt32, bytes: [UInt8])] = []) {
        self.semihostingRoot = semihostingRoot
        self.commandLine = commandLine
        self.initialSP = initialSP
        self.initialPC = initialPC
        self.preloads = preloads
    }
}

/// A button held down from `atNanoseconds` of virtual time for `durationNanoseconds`.
public struct ButtonPress: Sendable, Equatable {
    public var button: String
    public var atNanoseconds: UInt64
    public var durationNanoseconds: UInt64

    public init(button: String, atNanoseconds: UInt64, durationNanoseconds: UInt64) {
        self.button = button
        self.atNanoseconds = atNanoseconds
        self.durationNanoseconds = durationNanoseconds
    }
}

/// Bad input found while building a machine: one line, for the user.
public struct MachineError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
