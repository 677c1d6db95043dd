/// The parameters of the synthetic shop.
///
/// Purchases follow a BG/NBD-like process (Fader, Hardie & Lee 2005): each customer buys at its own Poisson rate
/// λ ~ Gamma(r, 1/α) per day while alive, and after each purchase drops out with its own probability p ~ Beta(a, b).
/// Spend per purchase is Gamma(6, ν) with a per-customer ν (the Gamma-Gamma spend model), so each customer has its
/// own typical basket. Categories are Zipf-distributed, with a per-customer favourite and a companion category per
/// category (what tends to follow). About 2% of purchases are refunded (full or half) 1–14 days later, naming their
/// order. Prices rise 4% a year and baskets are 15% larger in November and December. Signups are spread uniformly
/// over the three years before the end date; 85% of customers buy, starting a few days after signing up; 3% are
/// do-not-contact.
struct ShopModel {
    var rateShape = 1.6
    var rateScale = 1.0 / 15  // mean λ ≈ 0.107 purchases a day while alive
    var dropoutA = 0.5
    var dropoutB = 1.0
    var spendShape = 6.0
    var basketShape = 4.0
    var basketScale = 0.05  // ν ~ Gamma(4, 0.05): mean spend E[6 / ν] = 6 / (0.05 · 3) = $40, with a long tail
    var priceGrowth = 0.04  // prices rise 4% a year
    var holidayLift = 1.15  // baskets are 15% larger in November and December
    var conversion = 0.85
    var refundRate = 0.02
    var doNotContactRate = 0.03
    var signupDays = 3 * 365
    var maxPurchasesPerCustomer = 2_000
}
