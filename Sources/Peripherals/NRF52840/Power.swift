/// POWER: reset reason, retention registers and the power-fail comparator settings. Sleep
/// itself is the CPU's WFI/WFE; SYSTEMOFF ends the run like a power-down.
final class Power: NordicPeripheral {
    /// Called when firmware enters System OFF.
    var onSystemOff: () -> Void = {}

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("POFCON", "GPREGRET", "GPREGRET2", "DCDCEN", "DCDCEN0")
        // RESETREAS: bits are cleared by writing 1 (reset value 0: power-on reset).
        writeOneToClear("RESETREAS")
        onWrite("SYSTEMOFF") { [unowned self] value in if value & 1 != 0 { self.onSystemOff() } }
        onRead("RAMSTATUS") { _ in 0xF }
        storage("MAINREGSTATUS")  // set by the model, read-only for firmware
        storage("USBREGSTATUS")  // set by the model, read-only for firmware
        task("TASKS_CONSTLAT") {}
        task("TASKS_LOWPWR") {}
    }

    private var resetReasonOnReset: UInt32 = 0

    /// RESETREAS after a reset of the given kind (bit 0 RESETPIN, 1 DOG, 2 SREQ, 3 LOCKUP).
    func recordReset(reason: UInt32) {
        resetReasonOnReset |= reason
    }

    /// RESETREAS accumulates across resets until firmware clears its bits (only a power-on
    /// reset, the start of a run, clears it). The retained registers GPREGRET and GPREGRET2
    /// survive a soft reset and a lockup reset (a bootloader's "enter DFU" flag relies on it),
    /// not a watchdog or pin reset (the Product Specification's reset behaviour table).
    override func reset() {
        let kept = self["RESETREAS"]
        let retained = (self["GPREGRET"], self["GPREGRET2"])
        let dogOrPin: UInt32 = 0b11
        super.reset()
        self["RESETREAS"] = kept | resetReasonOnReset
        if resetReasonOnReset & dogOrPin == 0 {
            self["GPREGRET"] = retained.0
            self["GPREGRET2"] = retained.1
        }
        resetReasonOnReset = 0
    }
}
