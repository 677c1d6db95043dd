import ArgumentParser
import Clientele

/// `clientele predict`: fit BG/NBD (and Gamma-Gamma) on the store's summary and print per-customer P(alive),
/// expected purchases and customer lifetime value; `--validate` prints the holdout table instead.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Fit the BG/NBD purchase model and Gamma-Gamma spend model; print P(alive), expected purchases, CLV.",
        discussion: """
            The models are fitted on the lifetimes-compatible summary (see `summary`) of the purchases up to \
            --calibration-end (default: now), in the unit --period × --multiplier. The parameters are printed first \
            (on standard error for csv output), then one row per customer: frequency, recency, T, P(alive), the \
            expected purchases in the next --horizon periods, the expected average purchase value and the CLV over \
            --months months discounted at --discount per month. Months are converted to model periods with \
            30.4375 days per month unless --periods-per-month is given (lifetimes' docs use 30 for days, 4.345 for \
            weeks). --save stores the fitted model in the store; --use-saved predicts with the stored one.

            --validate fits on the purchases up to --calibration-end and compares predicted with actual repeat \
            purchases in (calibration end, --as-of], by number of calibration purchases (0…6, 7+).
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var periodOptions: PeriodOptions

    @Option(name: .long, help: ArgumentHelp("The end of the data the model is fitted on.", valueName: "DATE"))
    var calibrationEnd: String?

    @Option(name: .long, help: ArgumentHelp("With --validate: the end of the holdout period.", valueName: "DATE"))
    var asOf: String?

    @Option(name: .long, help: "Periods ahead for the expected purchases.")
    var horizon: Double = 30

    @Option(name: .long, help: "CLV horizon in months.")
    var months = 12

    @Option(name: .long, help: "Monthly discount rate of the CLV.")
    var discount = 0.01

    @Option(name: .long, help: "Model periods per month (default: 30.4375 days in the model's unit).")
    var periodsPerMonth: Double?

    @Option(name: .long, help: "L2 penalizer of the BG/NBD fit (lifetimes' penalizer_coef).")
    var penalizer = 0.0

    @Flag(name: .customLong("validate"), help: "Print the holdout validation table instead of predictions.")
    var holdoutValidation = false

    @Flag(name: .long, help: "Print the parameters and every floating-point column unrounded (shortest exact form).")
    var fullPrecision = false

    @Flag(name: .long, help: "Save the fitted model in the store.")
    var save = false

    @Flag(name: .long, help: "Predict with the model saved in the store instead of fitting.")
    var useSaved = false

    func validate() throws {
        guard horizon >= 0 && horizon.isFinite else { throw ValidationError("--horizon must be ≥ 0") }
        guard (0...1200).contains(months) else { throw ValidationError("--months must be 0...1200") }
        guard discount > -1 && discount.isFinite else { throw ValidationError("--discount must be > -1") }
        guard !holdoutValidation || (calibrationEnd != nil && asOf != nil) else {
            throw ValidationError("--validate needs --calibration-end and --as-of")
        }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            var options = PredictionOptions(
                period: periodOptions.period, multiplier: periodOptions.multiplier, penalizer: penalizer)
            if let calibrationEnd {
                options.calibrationEnd = try DateArgument.parse(calibrationEnd, option: "--calibration-end", store: store)
            }
            if holdoutValidation, let asOf {
                let end = try DateArgument.parse(asOf, option: "--as-of", store: store)
                let (model, report) = try store.validatePurchaseModel(options, observationEnd: end)
                printParameters(model)
                let printer = RowPrinter(["repeat_purchases", "customers", "mean_actual", "mean_predicted"],
                                         format: outputOptions.format, raw: outputOptions.raw)
                for bucket in report.buckets {
                    printer.add([.text(bucket.label), .decimal(bucket.customers, places: 0),
                                 number(bucket.meanActual, 4), number(bucket.meanPredicted, 4)])
                }
                printer.finish()
                note("total actual \(format(report.totalActual, 1)), predicted \(format(report.totalPredicted, 1)) "
                    + "(relative error \(format(report.totalRelativeError * 100, 1))%); MAE per customer "
                    + "\(format(report.meanAbsoluteError, 4)), RMSE \(format(report.rootMeanSquaredError, 4))")
                return
            }
            let model: PurchaseModel
            if useSaved {
                guard let saved = try store.savedPurchaseModel() else {
                    throw CLIError(.notFound, "no model is saved in the store: run `clientele predict --save` first")
                }
                model = saved
            } else {
                model = try store.fitPurchaseModel(options)
                if save { try store.savePurchaseModel(model) }
            }
            printParameters(model)
            let predictions = try store.predictions(model, horizon: horizon, months: months, monthlyDiscount: discount,
                                                    periodsPerMonth: periodsPerMonth)
            let printer = RowPrinter(
                ["customer_id", "frequency", "recency", "T", "p_alive", "expected_purchases", "expected_value", "clv"],
                format: outputOptions.format, raw: outputOptions.raw)
            for prediction in predictions {
                printer.add([
                    .text(prediction.externalID), .int(prediction.summary.frequency),
                    number(prediction.summary.recency, 2), number(prediction.summary.T, 2),
                    number(prediction.probabilityAlive, 4), number(prediction.expectedPurchases, 4),
                    prediction.expectedAverageValue.map { number($0, 2) } ?? .null,
                    prediction.lifetimeValue.map { number($0, 2) } ?? .null,
                ])
            }
            printer.finish()
        }
    }

    private func printParameters(_ model: PurchaseModel) {
        var line = "BG/NBD r=\(format(model.betaGeo.r, 4)) alpha=\(format(model.betaGeo.alpha, 4)) "
            + "a=\(format(model.betaGeo.a, 4)) b=\(format(model.betaGeo.b, 4)) log-likelihood="
            + "\(format(model.logLikelihood, 2)) customers=\(model.customers)"
        if let spend = model.gammaGamma {
            line += "; Gamma-Gamma p=\(format(spend.p, 4)) q=\(format(spend.q, 4)) v=\(format(spend.v, 4)) "
                + "repeat customers=\(model.repeatCustomers)"
        }
        note(line)
    }

    /// Parameters and summaries: on standard output for tables, on standard error for csv and json (so the
    /// output stays machine-readable).
    private func note(_ text: String) {
        if outputOptions.format == .table { Console.out.line(text) } else { Console.err.line(text) }
    }

    private func format(_ value: Double, _ places: Int) -> String {
        Format.pythonFloat(value, places: fullPrecision ? nil : places)
    }

    /// A numeric cell with `places` decimals, or unrounded with --full-precision.
    private func number(_ value: Double, _ places: Int) -> Cell {
        guard fullPrecision else { return .decimal(value, places: places) }
        let text = Format.pythonFloat(value, places: nil)
        return Cell(display: text, machine: text, numeric: true)
    }
}
