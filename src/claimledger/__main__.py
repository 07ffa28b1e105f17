from claimledger.cli.main import run

run()
