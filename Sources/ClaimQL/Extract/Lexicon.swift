/// The words extraction knows, as data: qualifiers, scale words, units, currencies,
/// reporting verbs, titles. Rules read these tables; changing what a word means is an edit
/// here, not in a rule. README shows the qualifier table.
enum Lexicon {
    /// Words before a figure and the qualifier they give it, longest first when matched.
    static let qualifiersBefore: [(words: [String], qualifier: Qualifier)] = [
        (["more", "than"], .more_than), (["over"], .more_than), (["exceeding"], .more_than),
        (["in", "excess", "of"], .more_than), (["upwards", "of"], .more_than), (["above"], .more_than),
        (["just", "over"], .more_than), (["well", "over"], .more_than), (["well", "above"], .more_than),
        (["greater", "than"], .more_than),
        (["at", "least"], .at_least), (["no", "fewer", "than"], .at_least), (["no", "less", "than"], .at_least),
        (["a", "minimum", "of"], .at_least), (["not", "less", "than"], .at_least),
        (["up", "to"], .up_to), (["as", "many", "as"], .up_to), (["as", "much", "as"], .up_to),
        (["passed"], .more_than), (["surpassed"], .more_than), (["topped"], .more_than), (["exceeded"], .more_than),
        (["could", "reach"], .up_to), (["may", "reach"], .up_to), (["might", "reach"], .up_to),
        (["could", "total"], .up_to), (["could", "hit"], .up_to), (["could", "top"], .up_to),
        (["could", "rise", "to"], .up_to), (["could", "exceed"], .more_than), (["may", "exceed"], .more_than),
        (["as", "high", "as"], .up_to),
        (["at", "most"], .at_most), (["no", "more", "than"], .at_most), (["not", "more", "than"], .at_most),
        (["a", "maximum", "of"], .at_most), (["barely"], .at_most), (["at", "the", "most"], .at_most),
        (["within"], .at_most), (["within", "the", "last"], .at_most), (["within", "the", "next"], .at_most),
        (["fewer", "than"], .less_than), (["less", "than"], .less_than), (["under"], .less_than),
        (["below"], .less_than), (["just", "under"], .less_than), (["short", "of"], .less_than),
        (["about"], .approx), (["roughly"], .approx), (["around"], .approx), (["some"], .approx),
        (["nearly"], .approx), (["almost"], .approx), (["an", "estimated"], .approx), (["estimated"], .approx),
        (["approximately"], .approx), (["approx"], .approx), (["close", "to"], .approx), (["circa"], .approx),
        (["c"], .approx), (["roughly", "about"], .approx), (["some", "estimated"], .approx),
        (["an", "approximate"], .approx), (["~"], .approx), (["nearly", "all"], .approx),
    ]

    /// The same, longest first: the order they are tried in.
    static let qualifiersBeforeLongestFirst = qualifiersBefore.sorted { $0.words.count > $1.words.count }

    /// Words after a figure: "1,000 or more", "500 or so", "2,000-plus".
    static let qualifiersAfter: [(words: [String], qualifier: Qualifier)] = [
        (["or", "more"], .at_least), (["or", "so"], .approx), (["plus"], .at_least), (["or", "fewer"], .at_most),
        (["or", "less"], .at_most), (["at", "least"], .at_least), (["at", "most"], .at_most),
    ]

    /// Words before a figure that make it a change: "rose 5 percent", "fell by 3".
    static let changeVerbs: [String: String] = [
        "rose": "up", "risen": "up", "rise": "up", "rises": "up", "rising": "up", "increased": "up", "increase": "up",
        "increases": "up", "grew": "up", "grown": "up", "grow": "up", "grows": "up", "jumped": "up", "jump": "up",
        "climbed": "up", "climb": "up", "surged": "up", "surge": "up", "soared": "up", "gained": "up", "gain": "up",
        "up": "up", "added": "up", "adds": "up", "boosted": "up",
        "fell": "down", "fallen": "down", "fall": "down", "falls": "down", "falling": "down", "dropped": "down",
        "drop": "down", "drops": "down", "declined": "down", "decline": "down", "declines": "down",
        "decreased": "down", "decrease": "down", "slid": "down", "slumped": "down", "plunged": "down",
        "dipped": "down", "down": "down", "weakened": "down", "slipped": "down", "eased": "down", "tumbled": "down",
        "narrowed": "down", "strengthened": "up", "rallied": "up", "widened": "up", "firmed": "up",
        "cut": "down", "cuts": "down", "cutting": "down", "shrank": "down", "shrunk": "down", "sank": "down",
        "reduced": "down",
    ]

    static let scaleWords: [String: Double] = [
        "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
        "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12, "lakh": 1e5, "crore": 1e7,
    ]

    /// Suffixes written against the digits: 1.8bn, 5k, $12m (m is a million after a currency).
    static let scaleSuffixes: [String: Double] = [
        "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "B": 1e9, "bln": 1e9,
        "tn": 1e12, "trn": 1e12, "T": 1e12,
    ]

    static let smallNumbers: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]

    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// Amounts with no number: they make a claim marked vague, with no qty.
    static let vagueBefore: Set<String> = [
        "several", "many", "few", "numerous", "countless",
    ]
    static let vaguePlurals: Set<String> = [
        "hundreds", "thousands", "millions", "billions", "dozens", "scores", "tens",
    ]

    /// Currency signs and the code each stands for.
    static let currencySigns: [String: String] = [
        "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW", "₴": "UAH", "₺": "TRY",
    ]
    /// A country prefix to `$`: A$ (Australian), C$, HK$, NZ$, S$, US$.
    static let dollarPrefixes: [String: String] = ["us": "USD", "a": "AUD", "c": "CAD", "hk": "HKD", "nz": "NZD", "s": "SGD"]
    static let currencyCodes: Set<String> = [
        "usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "rub", "krw", "uah", "chf", "cad", "aud",
    ]
    static let currencyWords: [String: String] = [
        "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY", "yuan": "CNY",
        "renminbi": "CNY", "rupees": "INR", "roubles": "RUB", "rubles": "RUB", "won": "KRW", "hryvnias": "UAH",
        "hryvnia": "UAH", "francs": "CHF", "sterling": "GBP",
    ]

    /// Units of measure, as written, and the name a claim's `unit` gets.
    static let units: [String: String] = [
        "pc": "percent",
        "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
        "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "cm": "cm", "centimetres": "cm",
        "centimeters": "cm", "mm": "mm", "millimetre": "mm", "millimetres": "mm", "millimeter": "mm", "millimeters": "mm",
        "mile": "miles", "miles": "miles", "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilos": "kg", "kilo": "kg",
        "g": "g", "gram": "g", "grams": "g", "tonne": "tonnes", "tonnes": "tonnes", "ton": "tonnes", "tons": "tonnes",
        "t": "tonnes", "lb": "pounds", "lbs": "pounds", "litre": "litres", "litres": "litres", "liter": "litres",
        "liters": "litres", "barrel": "barrels", "barrels": "barrels", "bpd": "barrels per day",
        "hectare": "hectares", "hectares": "hectares", "ha": "hectares", "acre": "acres", "acres": "acres",
        "mw": "MW", "megawatt": "MW", "megawatts": "MW", "gw": "GW", "gigawatt": "GW", "gigawatts": "GW",
        "kw": "kW", "kilowatt": "kW", "kilowatts": "kW", "mwh": "MWh", "gwh": "GWh", "kwh": "kWh", "twh": "TWh",
        "megawatt-hour": "MWh", "megawatt-hours": "MWh", "gigawatt-hour": "GWh", "gigawatt-hours": "GWh",
        "kilowatt-hour": "kWh", "kilowatt-hours": "kWh", "terawatt-hours": "TWh",
        "knots": "knots", "mph": "mph", "kph": "km/h",
        "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
        "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
        "months": "months", "year": "years", "years": "years", "decade": "decades", "decades": "decades",
        "percent": "percent", "pct": "percent", "%": "percent", "C": "°C", "F": "°F",
    ]

    /// Units spelled with two words, or one word and a sign.
    static let twoWordUnits: [String: String] = [
        "per cent": "percent", "percentage points": "percentage points", "percentage point": "percentage points",
        "square kilometres": "km2", "square kilometers": "km2", "square miles": "square miles",
        "sq km": "km2", "degrees celsius": "°C", "degrees fahrenheit": "°F", "° c": "°C", "° f": "°F",
        "metric tons": "tonnes", "cubic metres": "m3", "cubic meters": "m3", "light years": "light years",
    ]

    /// Units that also read as ordinary words ("m", "t", "g", "ha"): only right after digits.
    static let ambiguousUnits: Set<String> = [
        "m", "t", "g", "ha", "c", "won",
    ]

    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    /// Words before a number that make it a name or a designation, not an amount.
    static let designations: Set<String> = [
        "no", "nos", "number", "resolution", "article", "section", "chapter", "flight", "route", "highway", "room",
        "page", "paragraph", "decree", "law", "order", "item", "bill", "amendment", "gate", "platform", "division",
        "brigade", "regiment", "corps", "battalion", "squadron", "unit", "level", "block", "building", "phase",
        "stage", "round", "week", "day", "year", "grade", "class", "category", "type", "model", "version", "line",
        "channel", "district", "zone", "sector", "lot", "case", "file", "act", "clause", "rule", "vol", "volume",
        "episode", "season", "game", "match", "hole", "lap", "group", "table", "figure", "tier", "covid",
    ]

    /// Verbs that say who states something.
    static let reportingVerbs: Set<String> = [
        "emphasized", "emphasised", "emphasizes", "described", "describes", "lamented", "laments", "observed",
        "mentioned", "cautioned", "conceded", "highlighted", "pointed", "signalled", "signaled", "tweeted", "posted",
        "stressed", "told", "recalled", "boasted", "complained", "reckoned", "reckons", "calculates", "figured",
        "promised", "pledged", "vowed", "offered", "proposed", "demanded", "insists",
        "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "announced", "announces",
        "estimated", "estimates", "estimate", "counted", "counts", "reported", "reports", "recorded", "records",
        "warned", "warns", "claimed", "claims", "noted", "notes", "wrote", "writes", "confirmed", "confirms",
        "insisted", "explained", "disclosed", "revealed", "predicted", "predicts", "projected", "projects",
        "calculated", "found", "finds", "showed", "show", "shows", "put", "puts", "assessed", "believes", "believed",
        "expects", "expected", "argued", "acknowledged", "admitted", "suggested", "indicated", "stressed",
        "declared", "forecast", "forecasts", "tallied", "registered", "listed", "cited", "quoted", "testified",
        "alleged", "asserted", "published", "released",
    ]

    /// Nouns that are a source's words, not a source: "according to budget documents".
    static let sourceDocuments: Set<String> = [
        "documents", "document", "data", "figures", "figure", "statistics", "records", "estimates", "numbers",
        "statement", "report", "reports", "filing", "filings", "survey", "census", "tally", "count", "polls", "poll",
        "accounts", "sources", "media", "footage", "images", "pictures", "photos",
    ]

    /// Words naming what someone is rather than who: dropped from a speaker's name.
    static let titles: Set<String> = [
        "president", "vice", "prime", "minister", "secretary", "spokesperson", "spokesman", "spokeswoman",
        "director", "mayor", "governor", "senator", "general", "gen", "colonel", "col", "lt", "captain", "capt",
        "major", "maj", "sergeant", "commander", "chief", "executive", "chairman", "chairwoman", "chair", "head",
        "leader", "dr", "mr", "mrs", "ms", "prof", "professor", "ambassador", "envoy", "official", "officer",
        "analyst", "economist", "researcher", "expert", "coordinator", "adviser", "advisor", "deputy", "foreign",
        "defence", "defense", "finance", "interior", "health", "economy", "economic", "trade", "energy", "justice",
        "education", "chancellor", "king", "queen", "prince", "sheikh", "admiral", "adm", "lieutenant", "marshal",
        "judge", "attorney", "commissioner", "ceo", "cfo", "founder", "manager", "speaker", "sen", "rep", "gov",
        "pope", "council", "member", "correspondent", "reporter", "editor", "national", "security", "political",
        "scientist", "representative", "provincial", "regional", "state", "federal", "local", "u", "s", "former",
        "acting",
    ]

    static let organisationWords: Set<String> = [
        "ministry", "department", "agency", "office", "council", "committee", "commission", "institute", "service",
        "services", "bank", "company", "corp", "corporation", "inc", "ltd", "group", "party", "union", "army",
        "navy", "forces", "force", "guard", "police", "university", "school", "hospital", "association",
        "federation", "organisation", "organization", "network", "alliance", "foundation", "fund", "board",
        "authority", "authorities", "court", "parliament", "congress", "senate", "assembly", "government",
        "administration", "house", "kremlin", "pentagon", "nato", "un", "who", "imf", "eu", "centre", "center",
        "operator", "forum", "watch", "times", "post", "news", "press", "journal", "agency's", "orbit", "red",
        "crescent", "cross", "observatory", "programme", "program", "mission", "coalition", "front", "bureau",
        "directorate", "systems", "securities", "capital", "holdings", "partners", "industries", "technologies",
        "labs", "airlines", "airways", "motors", "media", "insurance", "logistics", "pharmaceuticals", "solutions",
        "ventures", "investments", "analytics", "networks", "communications", "telecom", "resources", "mining",
        "chemicals", "markets", "consulting", "associates", "enterprises", "plc", "llc", "gmbh", "guild", "society",
        "chamber", "trust", "league", "academy", "charity", "institution", "railways", "railway", "utilities",
    ]

    /// Words that end the phrase a figure counts: prepositions, conjunctions, verbs.
    static let phraseStops: Set<String> = [
        "of", "to", "from", "in", "on", "at", "by", "for", "with", "into", "onto", "over", "under", "about", "after",
        "before", "since", "during", "per", "than", "as", "and", "or", "but", "nor", "that", "which", "who", "whom",
        "whose", "were", "was", "is", "are", "be", "been", "being", "have", "has", "had", "will", "would", "could",
        "can", "may", "might", "should", "must", "do", "did", "does", "said", "says", "a", "an", "the", "this",
        "these", "those", "its", "their", "his", "her", "our", "my", "your", "it", "they", "he", "she", "we", "i",
        "you", "more", "less", "fewer", "each", "every", "year", "last", "next", "ago", "earlier", "later", "there",
        "here", "when", "where", "while", "if", "because", "so", "then", "not", "no", "only", "also", "still",
        "already", "across", "against", "between", "among", "through", "within", "without", "near", "around", "up",
        "down", "off", "out", "away", "back", "again", "both", "all", "any", "some", "such", "own", "other",
        "another", "ahead", "toward", "towards", "including", "like", "via", "amid", "apiece",
    ]

    /// Common verbs whose past or present form has no -ed: they end a counted phrase.
    static let plainVerbs: Set<String> = [
        "went", "came", "took", "got", "gave", "fled", "ran", "fell", "rose", "grew", "sent", "held", "met", "paid",
        "lost", "won", "saw", "became", "began", "stood", "sat", "kept", "brought", "bought", "sold", "told",
        "thought", "found", "gone", "done", "seen", "known", "left", "remain", "remains", "stay", "stays", "go", "goes",
        "arrive", "arrives", "live", "lives", "work", "works", "face", "faces", "need", "needs", "wait", "waits",
        "die", "dies", "flee", "flees", "return", "returns", "cross", "crosses", "make", "makes", "take", "takes",
        "get", "gets", "come", "comes", "run", "runs", "say", "says", "hold", "holds", "lie", "lay", "spent",
    ]

    static let pronouns: [String: String] = ["he": "person", "she": "person", "they": "group", "it": "organisation"]
}

/// Small word lists the rules use, kept as constants (not rebuilt per call).
enum WordSets {
    static let weak: Set<String> = ["showed", "show", "shows", "found", "finds", "put", "puts", "expected", "expects", "believed", "released", "published", "listed", "cited", "recorded", "records", "registered", "counted", "counts", "estimates", "estimate", "claims", "described", "highlighted", "observed", "posted"]
    static let appositive: Set<String> = ["a", "an", "the", "who", "which", "speaking", "citing", "according", "its", "his", "her", "their", "one", "whose", "adding", "also", "himself", "herself"]
    static let adjectives: Set<String> = ["prior", "new", "latest", "recent", "earlier", "internal", "classified", "official", "annual", "confidential", "leaked", "separate", "joint", "second"]
    static let institutions: Set<String> = ["club", "team", "company", "agency", "ministry", "office", "government", "department", "service", "commission", "union", "party", "bank", "firm", "council", "organisation", "organization", "group", "operator", "authority"]
    static let generic: Set<String> = ["official", "officials", "group", "organisation", "organization", "operator", "company", "spokesman", "spokeswoman", "spokesperson", "source", "analysts"]
    static let durations: Set<String> = ["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"]
    static let calibreUnits: Set<String> = ["mm", "millimetre", "millimeter", "cm"]
    static let phrasal: Set<String> = ["made", "make", "makes", "making", "set", "sets", "end", "ended", "ends", "take", "takes", "took", "taken", "turned", "turn", "sum", "sums", "add", "adding", "back", "shut", "cut", "broke"]
    /// Nouns for organisations that stand before their names: "state operator Ferrovia Calvera".
    static let organisationNouns: Set<String> = ["carrier", "lender", "insurer", "retailer", "airline", "broadcaster", "developer", "charity", "manufacturer", "maker", "producer", "exporter", "importer", "regulator", "watchdog", "firm", "chain", "newspaper", "publisher", "broker", "utility", "miner", "automaker", "supplier", "contractor", "startup", "conglomerate", "giant", "outlet", "daily", "weekly", "club", "team", "guild", "consultancy", "thinktank", "nonprofit", "pollster", "ngo"]
    /// Documents an organisation writes: "the report said" is its author's voice.
    static let authoredDocuments: Set<String> = ["report", "survey", "study", "review", "assessment", "analysis", "audit", "census", "poll", "inquiry", "investigation", "paper", "forecast"]
    /// Words of a qualifier before a number ("by about 600", "by more than 40,000").
    static let qualifierWords: Set<String> = ["about", "around", "roughly", "some", "nearly", "almost", "approximately", "more", "less", "fewer", "than", "over", "under", "at", "least", "most", "up", "to", "as", "many", "much", "just", "an", "estimated", "only"]
    /// Words before a year: since 2023, in 2019.
    static let yearWords: Set<String> = ["since", "in", "by", "until", "till", "before", "after", "from", "during", "of", "year", "early", "late", "mid", "spring", "summer", "autumn", "winter", "fall"]
    static let fractions: Set<String> = ["half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "sixth", "sixths", "eighth", "eighths", "tenth", "tenths"]
    /// People who work somewhere: "an analyst at X" names an organisation.
    static let workers: Set<String> = ["analyst", "analysts", "economist", "economists", "spokesman", "spokeswoman", "spokesperson", "researcher", "researchers", "scientist", "scientists", "engineer", "engineers", "lawyer", "lawyers", "strategist", "strategists", "trader", "traders", "official", "officials", "executive", "executives", "employee", "employees", "staff", "worker", "workers", "director", "manager", "partner", "fellow", "professor", "lecturer", "consultant"]
    static let irregularPlurals: Set<String> = ["people", "children", "men", "women", "police", "personnel", "staff", "cattle", "sheep", "deer", "fish", "geese", "mice", "feet", "teeth", "troops", "data"]
    static let notPlurals: Set<String> = ["always", "perhaps", "sometimes", "nevertheless", "besides", "whereas", "afterwards", "nowadays", "overseas", "indoors", "outdoors", "news", "series", "species", "its", "this", "thus", "was", "has", "does", "goes", "ours", "yours", "towards", "downwards", "upwards", "elsewhere"]
    static let calibres: Set<String> = ["mm", "millimetre", "millimeter", "millimetres", "millimeters", "caliber", "calibre"]
}
