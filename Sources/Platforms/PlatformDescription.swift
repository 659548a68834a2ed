/// A board: CPU, memory map, peripherals and external devices, as read from a YAML description.
public struct PlatformDescription: Sendable, Equatable {
    /// Short identifier used on the command line, e.g. "nano33".
    public var name: String
    /// Human-readable name, e.g. "Arduino Nano 33 BLE Sense (nRF52840)".
    public var title: String
    public var cpu: CPUDescription
    /// Sorted by base address; non-empty, non-overlapping, with at least one flash and one RAM region.
    public var memory: [MemoryRegionDescription]
    public var peripherals: [PeripheralDescription]
    public var devices: [DeviceDescription]
    /// The board's LEDs, by name, with the GPIO pin each hangs on.
    public var leds: [LEDDescription]
    public var buttons: [ButtonDescription]
    /// Name of the peripheral that carries the console, if the board has one.
    public var console: String?
    /// The YAML file this description came from; nil for built-in boards and parsed strings.
    public var sourcePath: String?

    public init(
        name: String,
        title: String,
        cpu: CPUDescription,
        memory: [MemoryRegionDescription],
        peripherals: [PeripheralDescription] = [],
        devices: [DeviceDescription] = [],
        leds: [LEDDescription] = [],
        buttons: [ButtonDescription] = [],
        console: String? = nil,
        sourcePath: String? = nil
    ) {
        self.name = name
        self.title = title
        self.cpu = cpu
        self.memory = memory
        self.peripherals = peripherals
        self.devices = devices
        self.leds = leds
        self.buttons = buttons
        self.console = console
        self.sourcePath = sourcePath
    }

    public func region(named name: String) -> MemoryRegionDescription? {
        memory.first { $0.name == name }
    }
}
