"""Write the currency table of `relindex.extract.currencies` from ISO 4217 list one.

Reads ``data/codes-all.csv`` of github.com/datasets/currency-codes (ISO 4217 Tables A.1 and
A.3 as the maintenance agency SIX publishes them, ODC-PDDL-1.0) and writes
``src/relindex/data/currencies.csv``: one row per currency in use (funds, metals, units of
account and testing codes left out; the withdrawn SLL, ZWL, HRK, VEF, MRO and STD kept, since
prose still writes them), with the states that use it (ISO 3166-1 alpha-2, matched to
``src/relindex/data/countries.csv`` by name, with `FIX` for ISO's long names), and the names
prose writes after a number and the signs written before it (`N`, written for relindex).

Usage::

    git --git-dir=CURRENCY_CODES/.git show HEAD:data/codes-all.csv > codes-all.csv
    python scripts/currency_table.py codes-all.csv > src/relindex/data/currencies.csv
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

COUNTRIES = Path(__file__).resolve().parents[1] / "src" / "relindex" / "data" / "countries.csv"
with open(COUNTRIES, encoding="utf-8") as _fh:
    ctry = {r["name"].upper(): r["code"] for r in csv.DictReader(_fh)}
FIX = {
    'BOLIVIA (PLURINATIONAL STATE OF)': 'BO',
    'BRUNEI DARUSSALAM': 'BN',
    'CONGO (THE DEMOCRATIC REPUBLIC OF THE)': 'CD',
    'CONGO (THE)': 'CG',
    'DOMINICA': 'DM',
    'IRAN (ISLAMIC REPUBLIC OF)': 'IR',
    'KOREA (THE DEMOCRATIC PEOPLE’S REPUBLIC OF)': 'KP',
    'KOREA (THE REPUBLIC OF)': 'KR',
    'LAO PEOPLE’S DEMOCRATIC REPUBLIC (THE)': 'LA',
    'MICRONESIA (FEDERATED STATES OF)': 'FM',
    'MOLDOVA (THE REPUBLIC OF)': 'MD',
    'RUSSIAN FEDERATION (THE)': 'RU',
    'SYRIAN ARAB REPUBLIC': 'SY',
    'TAIWAN (PROVINCE OF CHINA)': 'TW',
    'TANZANIA, UNITED REPUBLIC OF': 'TZ',
    'TÜRKİYE': 'TR',
    'UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND (THE)': 'GB',
    'UNITED STATES OF AMERICA (THE)': 'US',
    'VENEZUELA (BOLIVARIAN REPUBLIC OF)': 'VE',
}
# Words prose writes after a number (lower case; singular and plural) and signs before it.
# A name shared by several currencies (dinar, franc, peso ...) is resolved by the state.
N = {
    'AED': ('dirham;dirhams;dirhams emirati', 'Dh;Dhs;AED'),
    'AFN': ('afghani;afghanis', 'Af;؋'),
    'ALL': ('lek;leke;lekë', 'Lek'),
    'AMD': ('dram;drams', '֏'),
    'AOA': ('kwanza;kwanzas', 'Kz'),
    'ARS': ('peso;pesos', ''),
    'AUD': ('', 'A$;AU$'),
    'AZN': ('manat;manats', '₼'),
    'BAM': ('convertible mark;convertible marks', 'KM'),
    'BDT': ('taka', 'Tk;৳'),
    'BHD': ('dinar;dinars', 'BD'),
    'BIF': ('franc;francs', 'FBu;Fbu;FBU'),
    'BND': ('', 'B$'),
    'BOB': ('boliviano;bolivianos', 'Bs'),
    'BRL': ('real;reais', 'R$'),
    'BTN': ('ngultrum;ngultrums', 'Nu;Nu.'),
    'BWP': ('pula', 'P'),
    'BYN': ('ruble;rubles;rouble;roubles', 'Br'),
    'BZD': ('', 'BZ$'),
    'CAD': ('', 'CA$'),
    'CDF': ('franc;francs', 'FC'),
    'CHF': ('franc;francs', 'Fr.;SFr'),
    'CLP': ('peso;pesos', ''),
    'CNY': ('yuan;renminbi', 'RMB'),
    'COP': ('peso;pesos', ''),
    'CRC': ('colón;colones;colon;colons', '₡'),
    'CUP': ('peso;pesos', ''),
    'CVE': ('escudo;escudos', ''),
    'CZK': ('koruna;korunas;koruny', 'Kč'),
    'DJF': ('franc;francs', 'Fdj'),
    'DKK': ('krone;kroner', 'kr.'),
    'DOP': ('peso;pesos', 'RD$'),
    'DZD': ('dinar;dinars', 'DA'),
    'EGP': ('pound;pounds', 'LE;E£'),
    'ERN': ('nakfa;nakfas', 'Nfk'),
    'ETB': ('birr', 'Br'),
    'EUR': ('euro;euros', '€'),
    'FJD': ('', 'FJ$'),
    'GBP': ('pound;pounds', '£'),
    'GEL': ('lari;laris', '₾'),
    'GHS': ('cedi;cedis', 'GH₵;GH¢;₵'),
    'GMD': ('dalasi;dalasis', 'D'),
    'GNF': ('franc;francs', 'FG;GFr'),
    'GTQ': ('quetzal;quetzales;quetzals', 'Q'),
    'GYD': ('', 'G$;GY$'),
    'HKD': ('', 'HK$'),
    'HNL': ('lempira;lempiras', 'L'),
    'HTG': ('gourde;gourdes', 'G'),
    'HUF': ('forint;forints', 'Ft'),
    'IDR': ('rupiah', 'Rp'),
    'ILS': ('shekel;shekels;sheqel;sheqels', '₪'),
    'INR': ('rupee;rupees', '₹;Rs'),
    'IQD': ('dinar;dinars', 'ID'),
    'IRR': ('rial;rials', '﷼'),
    'ISK': ('krona;kronur', ''),
    'JMD': ('', 'J$'),
    'JOD': ('dinar;dinars', 'JD'),
    'JPY': ('yen', '¥'),
    'KES': ('shilling;shillings', 'KSh;Ksh;Sh;Shs'),
    'KGS': ('som;soms', ''),
    'KHR': ('riel;riels', '៛'),
    'KMF': ('franc;francs', 'CF'),
    'KPW': ('won', '₩'),
    'KRW': ('won', '₩'),
    'KWD': ('dinar;dinars', 'KD'),
    'KZT': ('tenge', '₸'),
    'LAK': ('kip', '₭'),
    'LBP': ('pound;pounds', 'LL'),
    'LKR': ('rupee;rupees', 'Rs'),
    'LRD': ('', 'L$'),
    'LSL': ('loti;maloti', 'M'),
    'LYD': ('dinar;dinars', 'LD'),
    'MAD': ('dirham;dirhams', 'Dh;Dhs'),
    'MDL': ('leu;lei', 'L'),
    'MGA': ('ariary', 'Ar'),
    'MKD': ('denar;denars;denari', 'den'),
    'MMK': ('kyat;kyats', 'K'),
    'MNT': ('tugrik;tugriks;tögrög', '₮'),
    'MOP': ('pataca;patacas', 'MOP$'),
    'MRU': ('ouguiya;ouguiyas', 'UM'),
    'MUR': ('rupee;rupees', 'Rs'),
    'MVR': ('rufiyaa', 'Rf'),
    'MWK': ('kwacha', 'MK'),
    'MXN': ('peso;pesos', 'Mex$'),
    'MYR': ('ringgit', 'RM'),
    'MZN': ('metical;meticais;meticals', 'MT'),
    'NAD': ('', 'N$'),
    'NGN': ('naira', '₦;N'),
    'NIO': ('córdoba;córdobas;cordoba;cordobas', 'C$'),
    'NOK': ('krone;kroner', 'kr'),
    'NPR': ('rupee;rupees', 'Rs'),
    'NZD': ('', 'NZ$'),
    'OMR': ('rial;rials', 'RO'),
    'PAB': ('balboa;balboas', 'B/.'),
    'PEN': ('sol;soles', 'S/'),
    'PGK': ('kina', 'K'),
    'PHP': ('peso;pesos', '₱;P'),
    'PKR': ('rupee;rupees', 'Rs'),
    'PLN': ('zloty;zlotys;złoty;złotys', 'zł'),
    'PYG': ('guaraní;guaranís;guarani;guaranis', '₲'),
    'QAR': ('riyal;riyals', 'QR'),
    'RON': ('leu;lei', ''),
    'RSD': ('dinar;dinars', 'din'),
    'RUB': ('ruble;rubles;rouble;roubles', '₽'),
    'RWF': ('franc;francs', 'FRw;RF'),
    'SAR': ('riyal;riyals', 'SR'),
    'SBD': ('', 'SI$'),
    'SCR': ('rupee;rupees', 'SR'),
    'SDG': ('pound;pounds', ''),
    'SEK': ('krona;kronor', 'kr'),
    'SGD': ('', 'S$'),
    'SLE': ('leone;leones', 'Le'),
    'SOS': ('shilling;shillings', 'Sh.So.'),
    'SRD': ('', 'Sr$'),
    'SSP': ('pound;pounds', ''),
    'STN': ('dobra;dobras', 'Db'),
    'SVC': ('colón;colones', ''),
    'SYP': ('pound;pounds', 'LS'),
    'SZL': ('lilangeni;emalangeni', 'E'),
    'THB': ('baht', '฿'),
    'TJS': ('somoni;somonis', 'SM'),
    'TMT': ('manat;manats', ''),
    'TND': ('dinar;dinars', 'DT'),
    'TOP': ("pa'anga;paʻanga", 'T$'),
    'TRY': ('lira;liras', '₺;TL'),
    'TTD': ('', 'TT$'),
    'TWD': ('', 'NT$'),
    'TZS': ('shilling;shillings', 'TSh;Tsh;Sh;Shs'),
    'UAH': ('hryvnia;hryvnias;hryvnias', '₴'),
    'UGX': ('shilling;shillings', 'USh;Ush;Sh;Shs'),
    'USD': ('dollar;dollars', '$;US$;$US'),
    'UYU': ('peso;pesos', '$U'),
    'UZS': ("so'm;soum;soums", ''),
    'VES': ('bolívar;bolívares;bolivar;bolivars;bolívars', 'Bs.S;Bs.'),
    'VND': ('dong', '₫'),
    'VUV': ('vatu', 'VT'),
    'WST': ('tala', 'WS$'),
    'XAF': ('franc;francs', 'FCFA;CFA'),
    'XCD': ('', 'EC$'),
    'XOF': ('franc;francs', 'CFA'),
    'XPF': ('franc;francs', ''),
    'YER': ('rial;rials', ''),
    'ZAR': ('rand', 'R'),
    'ZMW': ('kwacha', 'ZK;K'),
    'ZWG': ('zig', 'ZiG'),
    'SLL': ('leone;leones', 'Le'),
    'ZWL': ('', 'Z$'),
    'HRK': ('kuna;kune', 'kn'),
    'VEF': ('', ''),
    'MRO': ('', ''),
    'STD': ('', ''),
}
DOLLARS = ("AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "FJD", "NAD", "JMD", "TTD", "BBD", "BSD",
           "BZD", "GYD", "LRD", "SBD", "SRD", "XCD", "ZWL", "BND", "KYD", "BMD")
"""Dollars other than the US dollar: each answers to "dollars" after a state's adjective."""
for _c in DOLLARS:
    N[_c] = ("dollar;dollars", N.get(_c, ("", ""))[1])
N["AWG"] = ("florin;florins", "")
WITHDRAWN_KEEP = {'SLL', 'ZWL', 'HRK', 'VEF', 'MRO', 'STD'}
NOT_MONEY = {
    'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'VED',
    'XAD', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCG', 'XDR', 'XPD',
    'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
}


def main(path: str) -> None:
    """Print the table built from the ISO 4217 list at `path`."""
    by: dict[str, dict] = {}
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["AlphabeticCode"]]
    for r in rows:
        code, withdrawn = r["AlphabeticCode"], bool(r["WithdrawalDate"])
        if code in NOT_MONEY or (withdrawn and code not in WITHDRAWN_KEEP):
            continue
        if withdrawn and code in by and not by[code]["withdrawn"]:
            continue
        entity = r["Entity"].upper().strip()
        state = FIX.get(entity) or ctry.get(re.sub(r"\s*\(THE\)", "", entity).strip())
        d = by.setdefault(code, {"name": r["Currency"].strip(), "states": [],
                                 "withdrawn": withdrawn})
        if state and state not in d["states"]:
            d["states"].append(state)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["code", "name", "states", "names", "signs"])
    for code in sorted(by):
        names, signs = N.get(code, ("", ""))
        w.writerow([code, by[code]["name"], ";".join(by[code]["states"]), names, signs])
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main(sys.argv[1])
