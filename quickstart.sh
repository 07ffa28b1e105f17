#!/usr/bin/env bash
# One command: install claimledger, analyse the bundled sample story, write the report.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
mkdir -p out
.venv/bin/claimledger analyze samples/kursk-2024 --db out/kursk.db
.venv/bin/claimledger export --db out/kursk.db --format json --output out/kursk.json
.venv/bin/claimledger report --db out/kursk.db --output out/kursk.html
echo "Report: out/kursk.html  Ledger: out/kursk.db  Export: out/kursk.json"
