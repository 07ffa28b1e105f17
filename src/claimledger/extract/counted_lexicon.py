"""Word tables for :mod:`claimledger.extract.counted`: what a counted phrase is made of.

Kept apart from the parse walk so the rules read in one place and the vocabulary can grow:

* nouns that hold a count rather than name what is counted ("number", "units", "percent");
* the unit a reader expects in brackets after a phrase ("(km)", "(hectares)", "(euros)");
* verbs that never describe what is counted (saying, believing) or only credit it ("made
  30 saves");
* the past participle of a verb, so that "killing 14 people" and "14 people were killed"
  both read "people killed";
* the noun for a change ("rose 3%" -> "rise"), for the amount a money verb moves ("paid" ->
  "payment") and for a measured dimension ("16 feet long" -> "length").
"""

from __future__ import annotations


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# nouns that hold a count rather than name what is counted: look through to their "of"
CONTAINERS = _wordset(
    "unit units piece pieces type types kind kinds sort sorts number numbers total totals figure figures tally "
    "amount amounts set sets group groups batch batches lot lots dozen dozens hundreds thousands "
    "millions billions percent per cent % share majority minority proportion fraction half third quarter "
    "fifth part portion rest most many some all each one none")
# "a total of 40", "the number of people": the container itself says nothing
EMPTY_CONTAINERS = _wordset("number numbers total totals figure figures tally amount amounts count")
MEASURE_WORDS = _wordset(
    "pounds pound lbs lb tons tonnes ton tonne kilograms kilogram kg grams gram ounces ounce miles mile "
    "kilometers kilometres kilometer kilometre km meters metres meter metre feet foot ft inches inch acres acre "
    "hectares hectare liters litres liter litre gallons gallon barrels barrel dollars dollar euros euro "
    "percent degrees degree hours hour minutes minute seconds second days day weeks week months month years "
    "year kw kwh mw gw hp horsepower mph fps lb-ft cu.ft millimetres millimeters mm centimetres centimeters "
    "cm megawatts megawatt kilowatts kilowatt")
COLLECTIVES = _wordset("dozen dozens couple pair trio quartet score hundred thousand million billion")
TIME_WORDS = _wordset("hours hour minutes minute seconds second days day weeks week months month years year "
                      "decades decade")
# units that name what is counted when the sentence gives no other noun ("burned 2,300 hectares")
AREA_WORDS = _wordset("acres acre hectares hectare")

# canonical unit -> the words a reader expects in brackets after the phrase
UNIT_WORDS: dict[str, str] = {
    "km": "km", "km²": "km²", "mi": "miles", "mi²": "square miles", "m": "m", "cm": "cm", "mm": "mm",
    "ft": "feet", "in": "inches", "yd": "yards", "acre": "acres", "ha": "hectares", "kg": "kg", "g": "grams",
    "t": "tonnes", "lb": "pounds", "lb-ft": "lb-ft", "oz": "ounces", "l": "litres", "gal": "gallons",
    "bbl": "barrels", "kn": "knots", "mph": "mph", "km/h": "km/h", "°": "degrees", "magnitude": "magnitude",
    "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "kW": "kW", "MW": "MW", "GW": "GW", "hp": "hp",
    "fps": "fps", "cu ft": "cu.ft.", "m³": "cubic metres", "GB": "GB", "TB": "TB", "MB": "MB",
    "s": "seconds", "min": "minutes", "h": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "decade": "decades", "century": "centuries", "EUR": "euros", "INR": "rupees",
    "JPY": "yen", "CNY": "yuan", "RUB": "rubles", "%": "%", "pp": "percentage points", "bp": "basis points",
    "USD": "$", "GBP": "£",
}
# what a bare measure measures, when the sentence names nothing else ("230 kW" -> power)
UNIT_QUANTITIES: dict[str, str] = {
    "kW": "power", "MW": "power", "GW": "power", "hp": "power", "kWh": "energy", "MWh": "energy",
    "GWh": "energy", "TWh": "energy", "mph": "speed", "km/h": "speed", "kn": "speed", "fps": "frame rate",
    "lb-ft": "torque", "Nm": "torque", "°": "temperature", "magnitude": "magnitude", "s": "time",
    "min": "time", "h": "time", "GB": "storage", "TB": "storage", "dB": "noise level", "Mbps": "speed",
    "Gbps": "speed", "mAh": "battery capacity", "MP": "resolution",
}
CURRENCIES = frozenset({"USD", "EUR", "GBP", "INR", "JPY", "CNY", "RUB", "CAD", "AUD", "CHF", "PEN", "TRY",
                        "UAH", "BRL", "MXN", "ZAR", "KRW", "SEK", "NOK", "DKK", "PLN", "HKD", "SGD", "NZD"})

DIMENSIONS = {"long": "length", "wide": "width", "high": "height", "tall": "height", "deep": "depth",
              "away": "distance", "thick": "thickness", "across": "width", "old": "age", "heavy": "weight",
              "underground": "depth"}
DIRECTIONS = _wordset("north south east west north-east north-west south-east south-west northeast northwest "
                      "southeast southwest offshore inland")
LENGTHS = frozenset({"km", "mi", "m", "ft", "yd", "cm", "mm"})
# the same lengths as words, for a figure whose unit the quantity reader left out ("30 nautical miles")
LENGTH_WORDS = _wordset("miles mile kilometres kilometers kilometre kilometer km metres meters metre meter feet foot "
                        "yards yard")
# "a city of 80,000 people" -> population of the city
POPULATION = _wordset("people residents inhabitants citizens souls")
PLACES = _wordset("city town village country nation state region island district community municipality "
                  "province county capital suburb borough township neighbourhood neighborhood area")
# "a force of 50,000 troops", "an average of 61 people": the owner names what is counted
OWNER_NOUNS = _wordset(
    "force forces army group crowd fleet team contingent convoy total average gain loss rise increase drop "
    "fall decline tally toll sum record package population level levels rate turnout majority estimate "
    "budget fee price cost bill deficit surplus fine payment award deal")
# a share said with an adjective, and the noun a reader uses: "5% contained" -> containment
ADJECTIVE_NOUNS = {"contained": "containment", "effective": "effectiveness", "complete": "completion",
                   "completed": "completion", "vaccinated": "vaccination", "occupied": "occupancy",
                   "full": "capacity", "accurate": "accuracy", "likely": "likelihood", "owned": "ownership"}
# what a verb can bring "to" a figure: "extends the unbeaten run to 11 games"
TALLIES = OWNER_NOUNS | _wordset("streak run lead margin time score count number target forecast tally total")
# ordinals spelled out keep their place in a name: "fourth-quarter revenue", "first-half profit"
ORDINAL_WORDS = _wordset("first second third fourth fifth sixth seventh eighth ninth tenth")
# "insured losses at €300m", "temperatures near 104 degrees": a figure after these levels the noun they hang from
LEVEL_PREPS = _wordset("at near around above below over under topping exceeding")
# "a record low of 6.2%": the level of the clause's subject, not a thing of its own
LEVEL_NOUNS = _wordset("low high peak record level maximum minimum")

# verbs of saying and believing tell who speaks, not what is counted
SAYING = _wordset(
    "say tell report believe think estimate expect claim note confirm reveal suggest indicate show know "
    "announce state write assess predict argue warn acknowledge insist put be")
# verbs that only credit a count to someone: "Stalock made 30 saves" -> "saves by Alex Stalock"
LIGHT = _wordset("make have add get post collect finish notch register tally log rack")
# linking verbs: "three people remain missing" -> the complement, not the verb
LINKING = _wordset("be remain stay become seem appear stand lie sit")
# verbs whose object is the level their subject reaches: "the cost has reached $38 million"
LEVEL = _wordset("reach hit total top exceed surpass near approach amount equal pass cross average")
# verbs of holding a share: "Marsh took 52.4% of the vote" -> "Marsh's share of the vote"
HOLDING = _wordset("take win get receive hold have own control capture secure garner earn account")

# a change verb (or adverb) and the noun a reader uses for it: "rose 3%" -> "rise in ..."
CHANGE_NOUNS: dict[str, str] = {
    "rise": "rise", "climb": "rise", "up": "increase", "increase": "increase", "jump": "jump",
    "soar": "rise", "surge": "surge", "grow": "growth", "gain": "gain", "add": "gain", "advance": "gain",
    "fall": "fall", "drop": "drop", "decline": "decline", "down": "fall", "slip": "fall", "sink": "fall",
    "weaken": "fall", "slide": "fall", "tumble": "fall", "plunge": "fall", "shrink": "fall", "lose": "loss",
    "slow": "slowing", "cut": "cut", "reduce": "cut", "lower": "cut", "raise": "rise", "boost": "increase",
    "strengthen": "gain", "higher": "increase", "lower_adj": "fall", "shed": "fall", "ease": "fall",
    "lift": "rise", "hike": "rise", "trim": "cut", "slash": "cut",
}
# money moved by a verb, when the sentence names no noun for it: "paid $5m" -> "payment"
MONEY_NOUNS: dict[str, str] = {
    "pay": "payment", "cost": "cost", "invest": "investment", "fine": "fine",
    "owe": "debt", "charge": "charge", "earn": "earnings", "award": "award",
    "donate": "donation", "lend": "loan", "borrow": "borrowing", "sell": "sale", "buy": "purchase",
}

# irregular past participles (the regular ones are built by rule)
_IRREGULAR = (
    "arise arisen|be been|bear borne|beat beaten|become become|begin begun|bend bent|bet bet|bid bid|bind bound|"
    "bite bitten|bleed bled|blow blown|break broken|breed bred|bring brought|broadcast broadcast|build built|"
    "burn burned|burst burst|buy bought|cast cast|catch caught|choose chosen|cling clung|come come|cost cost|"
    "creep crept|cut cut|deal dealt|dig dug|do done|draw drawn|drink drunk|drive driven|eat eaten|fall fallen|"
    "feed fed|feel felt|fight fought|find found|flee fled|fling flung|fly flown|forbid forbidden|"
    "forecast forecast|forget forgotten|forgive forgiven|freeze frozen|get got|give given|go gone|grind ground|"
    "grow grown|hang hung|have had|hear heard|hide hidden|hit hit|hold held|hurt hurt|keep kept|know known|"
    "lay laid|lead led|leave left|lend lent|let let|lie lain|light lit|lose lost|make made|mean meant|meet met|"
    "overcome overcome|oversee overseen|overtake overtaken|pay paid|prove proven|put put|quit quit|read read|"
    "rebuild rebuilt|ride ridden|ring rung|rise risen|run run|say said|see seen|seek sought|sell sold|"
    "send sent|set set|sew sewn|shake shaken|shed shed|shine shone|shoot shot|show shown|shrink shrunk|"
    "shut shut|sing sung|sink sunk|sit sat|slay slain|sleep slept|slide slid|speak spoken|speed sped|"
    "spend spent|spin spun|split split|spread spread|spring sprung|stand stood|steal stolen|stick stuck|"
    "sting stung|strike struck|string strung|strive striven|swear sworn|sweep swept|swim swum|swing swung|"
    "take taken|teach taught|tear torn|tell told|think thought|throw thrown|undergo undergone|"
    "understand understood|undertake undertaken|upset upset|wake woken|wear worn|weave woven|weep wept|"
    "win won|wind wound|withdraw withdrawn|withhold withheld|write written|die died")
IRREGULAR_PARTICIPLES: dict[str, str] = dict(pair.split() for pair in _IRREGULAR.split("|"))

_VOWELS = "aeiou"


def past_participle(lemma: str) -> str:
    """"kill" -> "killed", "hire" -> "hired", "carry" -> "carried", "stop" -> "stopped", "take" -> "taken"."""
    w = lemma.lower()
    if w in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[w]
    if not w.isalpha() or len(w) < 2:
        return w
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and w[-2] not in _VOWELS:
        return w[:-1] + "ied"
    # one short syllable ending consonant-vowel-consonant doubles: "stop" -> "stopped", "ban" -> "banned"
    if len(w) <= 4 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS \
            and sum(c in _VOWELS for c in w) == 1:
        return w + w[-1] + "ed"
    return w + "ed"
