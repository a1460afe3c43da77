"""Sumsel Gov's pages: public (catalogue, agencies, search, status) and staff."""
