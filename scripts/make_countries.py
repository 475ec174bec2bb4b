"""Regenerate ontology/countries.yaml (run by hand; needs `pip install countryinfo`).

Base names, capitals and demonyms come from the countryinfo package; the
overrides below fix names, add common short forms and Wikidata ids. The output
is committed: the build itself never imports countryinfo.
"""

from __future__ import annotations

import sys

import yaml

# Preferred English names (as used in news), where countryinfo differs.
NAMES = {
    "CZ": "Czech Republic", "MK": "North Macedonia", "SZ": "Eswatini", "TL": "Timor-Leste",
    "CI": "Ivory Coast", "CV": "Cape Verde", "VA": "Vatican City", "PS": "Palestine",
    "FM": "Federated States of Micronesia", "MM": "Myanmar", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "BN": "Brunei", "SY": "Syria", "RU": "Russia", "IR": "Iran", "VN": "Vietnam", "BO": "Bolivia",
    "VE": "Venezuela", "TZ": "Tanzania", "MD": "Moldova", "GB": "United Kingdom",
    "US": "United States", "BS": "Bahamas", "GM": "Gambia", "NL": "Netherlands",
    "PH": "Philippines", "KG": "Kyrgyzstan", "TR": "Turkey",
}
# Wikidata ids of sovereign states and territories commonly in the news.
WIKIDATA = {
    "AF": "Q889", "AL": "Q222", "DZ": "Q262", "AO": "Q916", "AR": "Q414", "AM": "Q399",
    "AU": "Q408", "AT": "Q40", "AZ": "Q227", "BH": "Q398", "BD": "Q902", "BY": "Q184",
    "BE": "Q31", "BJ": "Q962", "BT": "Q917", "BO": "Q750", "BA": "Q225", "BW": "Q963",
    "BR": "Q155", "BN": "Q921", "BG": "Q219", "BF": "Q965", "BI": "Q967", "KH": "Q424",
    "CM": "Q1009", "CA": "Q16", "CF": "Q929", "TD": "Q657", "CL": "Q298", "CN": "Q148",
    "CO": "Q739", "CD": "Q974", "CG": "Q971", "CR": "Q800", "HR": "Q224", "CU": "Q241",
    "CY": "Q229", "CZ": "Q213", "DK": "Q35", "DJ": "Q977", "DO": "Q786", "EC": "Q736",
    "EG": "Q79", "SV": "Q792", "ER": "Q986", "EE": "Q191", "ET": "Q115", "FJ": "Q712",
    "FI": "Q33", "FR": "Q142", "GA": "Q1000", "GE": "Q230", "DE": "Q183", "GH": "Q117",
    "GR": "Q41", "GT": "Q774", "GN": "Q1006", "HT": "Q790", "HN": "Q783", "HU": "Q28",
    "IS": "Q189", "IN": "Q668", "ID": "Q252", "IR": "Q794", "IQ": "Q796", "IE": "Q27",
    "IL": "Q801", "IT": "Q38", "JM": "Q766", "JP": "Q17", "JO": "Q810", "KZ": "Q232",
    "KE": "Q114", "KI": "Q710", "KP": "Q423", "KR": "Q884", "KW": "Q817", "KG": "Q813",
    "LA": "Q819", "LV": "Q211", "LB": "Q822", "LY": "Q1016", "LT": "Q37", "LU": "Q32",
    "MG": "Q1019", "MW": "Q1020", "MY": "Q833", "MV": "Q826", "ML": "Q912", "MT": "Q233",
    "MH": "Q709", "MR": "Q1025", "MX": "Q96", "FM": "Q702", "MD": "Q217", "MN": "Q711",
    "ME": "Q236", "MA": "Q1028", "MZ": "Q1029", "MM": "Q836", "NA": "Q1030", "NR": "Q697",
    "NP": "Q837", "NL": "Q55", "NZ": "Q664", "NI": "Q811", "NE": "Q1032", "NG": "Q1033",
    "MK": "Q221", "NO": "Q20", "OM": "Q842", "PK": "Q843", "PW": "Q695", "PS": "Q219060",
    "PA": "Q804", "PG": "Q691", "PY": "Q733", "PE": "Q419", "PH": "Q928", "PL": "Q36",
    "PT": "Q45", "QA": "Q846", "RO": "Q218", "RU": "Q159", "RW": "Q1037", "WS": "Q683",
    "SA": "Q851", "SN": "Q1041", "RS": "Q403", "SG": "Q334", "SK": "Q214", "SI": "Q215",
    "SB": "Q685", "SO": "Q1045", "ZA": "Q258", "SS": "Q958", "ES": "Q29", "LK": "Q854",
    "SD": "Q1049", "SE": "Q34", "CH": "Q39", "SY": "Q858", "TW": "Q865", "TJ": "Q863",
    "TZ": "Q924", "TH": "Q869", "TL": "Q574", "TG": "Q945", "TO": "Q678", "TN": "Q948",
    "TR": "Q43", "TM": "Q874", "TV": "Q672", "UG": "Q1036", "UA": "Q212", "AE": "Q878",
    "GB": "Q145", "US": "Q30", "UY": "Q77", "UZ": "Q265", "VU": "Q686", "VE": "Q717",
    "VN": "Q881", "YE": "Q805", "ZM": "Q953", "ZW": "Q954", "CK": "Q26988", "NU": "Q34020",
    "XK": "Q1246", "VA": "Q237", "SM": "Q238", "MC": "Q235", "LI": "Q347", "AD": "Q228",
}
# Short forms and other names used in news text (beyond countryinfo's).
ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "CN": ["People's Republic of China", "PRC", "mainland China"],
    "TW": ["Republic of China"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "PG": ["PNG"],
    "FM": ["FSM", "Micronesia"],
    "TL": ["East Timor", "Timor Leste"],
    "MM": ["Burma"],
    "LA": ["Lao PDR"],
    "KR": ["Republic of Korea"],
    "KP": ["DPRK"],
    "AE": ["UAE", "U.A.E."],
    "RU": ["Russian Federation"],
    "NL": ["the Netherlands", "Holland"],
    "CZ": ["Czechia"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CV": ["Cabo Verde"],
    "SZ": ["Swaziland"],
    "TR": ["Türkiye", "Turkiye"],
    "VN": ["Viet Nam"],
    "MK": ["Macedonia"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "SB": ["Solomons"],
    "XK": ["Kosovo"],
}
DEMONYMS = {
    "US": ["American", "U.S."], "GB": ["British"], "CN": ["Chinese"], "TL": ["Timorese", "East Timorese"],
    "PG": ["Papua New Guinean"], "SB": ["Solomon Islander"], "NZ": ["New Zealand"], "FJ": ["Fijian"],
    "LA": ["Lao", "Laotian"], "MM": ["Burmese", "Myanmar"], "TH": ["Thai"], "PH": ["Filipino", "Philippine"],
    "NL": ["Dutch"], "KR": ["South Korean"], "KP": ["North Korean"], "TJ": ["Tajik"], "KG": ["Kyrgyz"],
    "UZ": ["Uzbek"], "TM": ["Turkmen"], "KZ": ["Kazakh"], "AF": ["Afghan"], "PK": ["Pakistani"],
    "IN": ["Indian"], "VU": ["Ni-Vanuatu"], "KI": ["I-Kiribati"], "WS": ["Samoan"], "TO": ["Tongan"],
    "CD": ["Congolese"], "SA": ["Saudi"], "AE": ["Emirati"], "HR": ["Croatian"], "RS": ["Serbian"],
    "IT": ["Italian"], "FR": ["French"], "DE": ["German"], "JP": ["Japanese"], "AU": ["Australian"],
    "TW": ["Taiwanese"], "KE": ["Kenyan"], "UG": ["Ugandan"], "LT": ["Lithuanian"], "EE": ["Estonian"],
    "LV": ["Latvian"], "IE": ["Irish"], "CA": ["Canadian"], "ES": ["Spanish"], "RU": ["Russian"],
    "ID": ["Indonesian"], "VN": ["Vietnamese"], "MY": ["Malaysian"], "SG": ["Singaporean"],
    "KH": ["Cambodian"], "NP": ["Nepali", "Nepalese"], "LK": ["Sri Lankan"], "BD": ["Bangladeshi"],
}
CAPITALS = {"US": "Washington", "KR": "Seoul", "BO": "La Paz", "CI": "Abidjan", "NL": "Amsterdam",
            "PS": None, "IL": "Jerusalem", "MM": "Naypyidaw", "TL": "Dili", "FM": "Palikir",
            "KI": "Tarawa", "SZ": "Mbabane", "LK": "Colombo", "BN": "Bandar Seri Begawan"}
# countryinfo alternative spellings that are words, demonyms or ambiguous in English text.
BAD_ALIASES = {"Island", "Thai", "Prathet", "Montenegrin", "Togolese", "Mann", "Mannin", " the Abode of Peace",
               "Mexicanos", "Portuguesa", "Congo", "Guiana", "Ngwane", "Nijar", "The Bermudas", "Viti",
               "Nippon", "Nihon", "America"}
CAPITAL_NAMES = {"US": ["Washington, D.C.", "Washington DC"]}
SKIP = {"UM", "AQ", "BV", "HM", "GS", "TF", "IO", "CC", "CX", "NF", "PN", "TK", "WF", "SJ"}
NOT_SOVEREIGN_NAME_CLASH = {"Georgia"}  # also a US state: keep, but needs context in text


# States that govern territory without wide recognition, and act as parties in security news.
DE_FACTO_STATES: list[dict[str, object]] = [
    {"id": "xsl", "class": "Country", "label": "Somaliland", "names": ["Somaliland", "Republic of Somaliland"],
     "wikidata": "Q34754", "capital": "Hargeisa", "demonyms": ["Somalilander"]},
    {"id": "xab", "class": "Country", "label": "Abkhazia", "names": ["Abkhazia"], "wikidata": "Q23334",
     "capital": "Sukhumi", "demonyms": ["Abkhaz", "Abkhazian"]},
    {"id": "xos", "class": "Country", "label": "South Ossetia", "names": ["South Ossetia"], "wikidata": "Q23427",
     "capital": "Tskhinvali", "demonyms": ["South Ossetian"]},
    {"id": "xtr", "class": "Country", "label": "Transnistria", "names": ["Transnistria", "Pridnestrovie"],
     "wikidata": "Q907112", "capital": "Tiraspol", "demonyms": ["Transnistrian"]},
]


def main() -> None:
    import countryinfo

    out: dict[str, dict[str, object]] = {}
    for c in countryinfo.all_countries():
        info = c.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or code in SKIP or code in out:
            continue
        name = NAMES.get(code, info.get("name"))
        names = [name]
        for alt in info.get("altSpellings") or []:
            if alt.isascii() and len(alt) > 3 and alt not in names and "," not in alt and alt not in BAD_ALIASES:
                names.append(alt)
        for alt in ALIASES.get(code, []):
            if alt not in names:
                names.append(alt)
        capital = CAPITALS.get(code, info.get("capital"))
        if isinstance(capital, list):
            capital = capital[0] if capital else None
        demonyms = list(DEMONYMS.get(code, []))
        if info.get("demonym") and info["demonym"] not in demonyms:
            demonyms.append(info["demonym"])
        entry: dict[str, object] = {"id": code.lower(), "class": "Country", "label": name, "names": names}
        if WIKIDATA.get(code):
            entry["wikidata"] = WIKIDATA[code]
        if capital:
            entry["capital"] = capital
        if code in CAPITAL_NAMES:
            entry["capital_names"] = CAPITAL_NAMES[code]
        if demonyms:
            entry["demonyms"] = demonyms
        out[code] = entry
    out["XK"] = {"id": "xk", "class": "Country", "label": "Kosovo", "names": ["Kosovo"], "wikidata": "Q1246",
                 "capital": "Pristina", "demonyms": ["Kosovar"]}
    for entry in DE_FACTO_STATES:
        out[str(entry["id"]).upper()] = entry
    rows = sorted(out.values(), key=lambda e: str(e["label"]))
    header = "# Countries and territories: generated by scripts/make_countries.py, then committed.\n"
    sys.stdout.write(header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=120))


if __name__ == "__main__":
    main()
