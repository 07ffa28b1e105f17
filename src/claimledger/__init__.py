"""claimledger: a ledger of figures, dated events and findings across news coverage."""
__version__ = "0.1.0"
