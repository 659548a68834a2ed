/// Die temperature sensor: START, then DATARDY 36 µs later (t_TEMP, the Product
/// Specification's typical conversion time) with TEMP in 0.25 °C steps (two's complement). The
/// temperature is the `temperature` sensor's value at that instant when one is configured
/// (`--sensor temperature=…`), else 25 °C. The calibration registers A0–A5, B0–B5 and T0–T4 keep
/// what firmware writes (the vendor's SystemInit copies them from FICR).
final class TEMP: NordicPeripheral {
    static let conversionMicroseconds: UInt64 = 36
    static let defaultCelsius = 25.0
    private var conversion = 0
    private var conversionCycle: UInt64 = 0

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        for register in layout.layout.registers where ["A", "B", "T"].contains(register.name.prefix(1)) && register.name.count == 2 {
            storage(register.name)
        }
        storage("TEMP")  // set by the model, read-only for firmware
        conversion = context.scheduler.register { [unowned self] _ in self.converted() }
        task("TASKS_START") { [unowned self] in
            self.conversionCycle = context.now() + context.cycles(ticks: TEMP.conversionMicroseconds, hz: 1_000_000)
            context.scheduler.schedule(self.conversion, at: self.conversionCycle)
        }
        task("TASKS_STOP") { [unowned self] in context.scheduler.cancel(self.conversion) }
    }

    private func converted() {
        let celsius = context.system.temperature?(conversionCycle) ?? TEMP.defaultCelsius
        let quarters = min(max((celsius * 4).rounded(), -1e6), 1e6)  // far beyond the die's range
        self["TEMP"] = UInt32(bitPattern: Int32(quarters.isFinite ? quarters : 0))
        fire("EVENTS_DATARDY")
    }

    override func reset() {
        super.reset()
        context.scheduler.cancel(conversion)
    }
}
