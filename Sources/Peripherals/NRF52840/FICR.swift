/// Factory information configuration registers: read-only facts about the chip. Values are
/// those of an nRF52840-QIAA (1 MB flash, 256 kB RAM); the device ID and address are fixed
/// per board description so runs stay deterministic.
final class FICR: RegisterBlock {
    init(layout: PeripheralLayout, context: PeripheralContext, deviceID: UInt64) {
        super.init(name: layout.name, base: layout.base, layout: layout.layout, log: context.log, now: context.now)
        let facts: [(String, UInt32)] = [
            ("CODEPAGESIZE", 4096), ("CODESIZE", 256),
            ("DEVICEID[0]", UInt32(truncatingIfNeeded: deviceID)), ("DEVICEID[1]", UInt32(truncatingIfNeeded: deviceID >> 32)),
            ("DEVICEADDRTYPE", 1),  // random static address
            ("DEVICEADDR[0]", UInt32(truncatingIfNeeded: deviceID ^ 0x5A5A_5A5A)), ("DEVICEADDR[1]", UInt32(truncatingIfNeeded: deviceID >> 32) | 0xC000),
            ("INFO.PART", 0x52840), ("INFO.VARIANT", 0x4141_4430 /* "AAD0" */), ("INFO.PACKAGE", 0x2004 /* QI */),
            ("INFO.RAM", 256), ("INFO.FLASH", 1024),
        ]
        for (register, value) in facts {
            self[register] = value
            storage(register)
        }
        initialValues = values
    }

    private var initialValues: [UInt32] = []

    override func reset() {
        super.reset()
        for (i, value) in initialValues.enumerated() { self[index: i] = value }
    }
}
