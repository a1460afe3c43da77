"""Demo data of Sumsel Gov: plausible Standar Pelayanan of real provincial agencies.

Not authoritative: names of agencies are real, addresses, phone numbers and figures are
realistic-looking examples for the demo. The province edits the real catalogue in S2C."""
