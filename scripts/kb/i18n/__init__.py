"""The help centre in other languages: gettext catalogues under `steps/locales/` (catalog),
their units keyed by file and stable key (units), the UI words (ui), a KB in a language
(translate) and the checks of a catalogue against the current English (check)."""
