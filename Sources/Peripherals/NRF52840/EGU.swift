/// Event generator unit: TASKS_TRIGGER[n] fires EVENTS_TRIGGERED[n] (0...15), with its
/// interrupt when enabled in INTEN; the PPI sees the event like any other. EGUn shares its
/// address and interrupt (SWIn_EGUn_IRQn, 20...25) with software interrupt SWIn, which has no
/// registers of its own: firmware pends SWIn through the NVIC.
final class EGU: NordicPeripheral {
    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        for n in 0..<16 {
            task("TASKS_TRIGGER[\(n)]") { [unowned self] in self.fire("EVENTS_TRIGGERED[\(n)]") }
        }
    }
}
