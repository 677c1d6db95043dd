extension StoreWriter {
    /// Interns each category name (in the order given) unless it is stored already, exactly as recording a
    /// purchase of that category first would.
    ///
    /// An importer applying a batch in another order than its rows' (``record(_:)`` in customer order) calls this
    /// first with the batch's categories in row order, so new categories get the ids the rows' order would give them.
    /// - Throws: `ClienteleError.invalidInput` for a name that is not a valid label, or when there would be too many
    ///   distinct categories.
    public func internCategories(_ names: some Sequence<String>) throws {
        if let deferredError { throw deferredError }
        for name in names { _ = try categoryID(name) }
    }
}
