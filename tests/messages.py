"""Texts a user sees (refusal messages, the report's headings), written out by hand.

The tests compare with these rather than with the constants in ``byr_data.safety``, so that a
changed wording fails a test instead of passing along with the code.
"""

EMPTY = "Filen er tom. Velg riktig fil og prøv igjen."
TOO_BIG = "Filen er større enn 20 MB. Del den opp eller fjern unødvendige ark."
NOT_A_SPREADSHEET = "Filen er ikke et regneark. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
NOT_A_WORKBOOK = "Filen er ikke en Excel-arbeidsbok. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
BINARY_WORKBOOK = (
    "Filen er en binær Excel-arbeidsbok (.xlsb), som ikke kan leses her. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
)
DAMAGED = "Filen er skadet og kan ikke leses. Lagre den på nytt som .xlsx og prøv igjen."
BOMB = "Filen pakker seg ut til urimelig mye data og blir ikke lest. Lagre arket på nytt fra Excel og prøv igjen."
MACROS = "Filen inneholder makroer. Lagre den som Excel-arbeidsbok (.xlsx) uten makroer og prøv igjen."
PASSWORD = "Filen er passordbeskyttet. Lagre den uten passord og last opp på nytt."
DOCTYPE = (
    "Filen inneholder XML-definisjoner (DOCTYPE eller ENTITY) som ikke hører hjemme i en Excel-arbeidsbok, "
    "og blir ikke lest. Åpne den i Excel, lagre som .xlsx og prøv igjen."
)
SHARED_STRING_TOO_LONG = (
    "En tekst i arbeidsboken har mer enn 32 767 tegn, som er det meste en celle i Excel kan ha. "
    "Finn cellen med den lange teksten, kort den ned og prøv igjen."
)
STRINGS_TOO_BIG = (
    "Tekstene i arbeidsboken fyller til sammen mer enn 64 MB, som er grensen. "
    "Slett lange tekster som ikke trengs, eller del opp arbeidsboken."
)

#: The status report's section headings, in order (the seed report's four, then budget and jobs).
REPORT_HEADINGS = [
    "Beskrive eventuelle organisatoriske endringer i forhold til prosjektplanen",
    "Evt. presisering av mål for prosjektet",
    "Beskrivelse av aktivitetene fram til nå",
    "Vurdering av framdriften i arbeidet i forhold til prosjektplanen",
    "Budsjett",
    "Arbeidsplasser",
]
