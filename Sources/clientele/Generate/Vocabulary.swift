/// The words synthetic customers and purchases are made of.
enum Vocabulary {
    static let firstNames = [
        "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "John", "Radia", "Edsger",
        "Hedy", "Tim", "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne", "Lovelace", "Niklaus", "Mary",
        "James", "Elena", "Marco", "Yuki", "Amara", "Lars", "Ines", "Omar", "Priya", "Chen", "Fatima", "Diego",
        "Olga", "Kwame", "Mei", "Hugo", "Zara",
    ]
    static let lastNames = [
        "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "McCarthy",
        "Perlman", "Dijkstra", "Lamarr", "Berners-Lee", "Johnson", "Knuth", "Wilson", "van Rossum", "Borg",
        "Stroustrup", "Wirth", "Keller", "Gosling", "Rossi", "Tanaka", "Okafor", "Nilsen", "Garcia", "Haddad",
        "Sharma", "Wang", "Diallo", "Ivanova", "Mensah", "Li", "Moreau", "Novak", "Silva", "Kowalski", "Andersen",
    ]
    static let cities = [
        "Berlin", "Paris", "Madrid", "Rome", "Amsterdam", "Vienna", "Warsaw", "Prague", "Lisbon", "Dublin",
        "Stockholm", "Oslo", "Helsinki", "Copenhagen", "Brussels", "Zurich", "Munich", "Milan", "Barcelona",
        "Lyon", "Hamburg", "Krakow", "Porto", "Athens", "Budapest",
    ]
    /// Categories, most popular first (drawn with Zipf-like weights).
    static let categories = [
        "coffee", "books", "tea", "snacks", "stationery", "music", "games", "kitchen", "garden", "toys",
        "electronics", "gifts",
    ]
    /// For each category, the one most often bought next besides itself (a simple basket affinity).
    static let companions = [
        "snacks", "stationery", "snacks", "coffee", "books", "electronics", "toys", "coffee", "kitchen", "games",
        "music", "books",
    ]
    static let channels = ["web", "web", "web", "store", "store", "app"]
}
