/// What the firm knows of one customer at the end of its observation window: the input of every
/// per-customer prediction, score and posterior trait draw of a ``RegisteredModel``.
///
/// Transaction models read (x, t_x, T) in the summary's conventions (``CustomerSummary``); the
/// spend model reads x and the mean repeat spend z̄; the contractual model reads the tenure T of
/// a subscriber still active, as ``renewals`` = ⌊T⌋ renewals made.
public struct CustomerHistory: Sendable, Hashable {
    /// x: repeat purchases in (0, T].
    public var frequency: Int
    /// t_x: time of the last repeat purchase (0 when x = 0).
    public var recency: Double
    /// T: time since the first purchase (or since the subscription began).
    public var age: Double
    /// z̄: mean value of the x repeat purchases (0 when x = 0).
    public var monetaryValue: Double

    public init(frequency: Int, recency: Double, age: Double, monetaryValue: Double = 0) {
        self.frequency = frequency; self.recency = recency; self.age = age; self.monetaryValue = monetaryValue
    }

    /// The calibration columns of a summary row.
    public init(_ c: CustomerSummary) {
        self.init(frequency: c.frequency, recency: c.recency, age: c.age, monetaryValue: c.monetaryValue)
    }

    /// Renewals made by an active subscriber observed for T periods: ⌊T⌋ (the sBG's n).
    public var renewals: Int { age >= 0 ? Int(age.rounded(.down)) : 0 }
}
