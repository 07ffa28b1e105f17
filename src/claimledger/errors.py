"""One exception hierarchy for claimledger.

    ClaimledgerError            [E000] base: every error the tool raises on purpose
    ├── UsageError              [E1xx] the command line or a setting is wrong (exit 2)
    ├── InputError              [E2xx] one input cannot be read or used (skipped, exit 1)
    │   ├── UnsupportedInput    [E201] not a format claimledger reads
    │   ├── EmptyInput          [E202] nothing to analyse
    │   ├── BinaryInput         [E203] binary data under a text name
    │   ├── NotEnglish          [E204] language other than English
    │   └── TooLarge            [E205] over the size limit
    ├── LedgerError             [E3xx] the SQLite ledger cannot be opened or written
    │   ├── LedgerBusy          [E301] another writer holds the ledger
    │   └── LedgerCorrupt       [E302] integrity check or invariants failed
    └── ModelError              [E4xx] an NLP model is missing or broken

Errors are turned into exit codes (CLI) or HTTP responses (web) only at the edges.  Every
message says what happened and what to do about it.
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class UsageError(ClaimledgerError):
    code = "E100"
    exit_code = 2


class InputError(ClaimledgerError):
    code = "E200"


class UnsupportedInput(InputError):
    code = "E201"


class EmptyInput(InputError):
    code = "E202"


class BinaryInput(InputError):
    code = "E203"


class NotEnglish(InputError):
    code = "E204"


class TooLarge(InputError):
    code = "E205"


class LedgerError(ClaimledgerError):
    code = "E300"
    exit_code = 3


class LedgerBusy(LedgerError):
    code = "E301"


class LedgerCorrupt(LedgerError):
    code = "E302"


class ModelError(ClaimledgerError):
    code = "E400"
    exit_code = 4
