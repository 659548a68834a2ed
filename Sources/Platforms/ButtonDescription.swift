/// A push button of the board: the pin it pulls when pressed, and whether pressing pulls the
/// pin low (a button to ground with the pin's pull-up) or high.
public struct ButtonDescription: Sendable, Equatable {
    public var name: String
    public var pin: GPIOPin
    /// Pressing drives the pin low; released, the pin reads high. Otherwise the reverse.
    public var activeLow: Bool

    public init(name: String, pin: GPIOPin, activeLow: Bool = true) {
        self.name = name
        self.pin = pin
        self.activeLow = activeLow
    }
}
