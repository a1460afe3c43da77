"""S2C — Sumsel Smart & Care, the smart-province platform of Sumatera Selatan."""

__version__ = "0.1.0"
