/// The nRF52840's peripherals as its SVD lists them (NRF52840RegisterTable.swift, generated).
public enum NRF52840RegisterTable {
    public static let peripherals: [PeripheralLayout] = RegisterTable.parse(text)

    public static func peripheral(_ name: String) -> PeripheralLayout? {
        peripherals.first { $0.name == name }
    }
}
