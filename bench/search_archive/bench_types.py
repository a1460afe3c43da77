"""The benchmark's search types, registered the way bench/search_bench.py registers its
"bench.*" types: rows written directly as SearchDocuments, no model behind them."""

TYPES = {"service": "bench.service", "report": "bench.report", "archive": "bench.archive"}


def register() -> None:
    from s2c.core import search

    for key in TYPES.values():
        if search.get_type(key) is None:
            search.register(
                search.SearchType(
                    key=key,
                    label=key,
                    model="search.SearchDocument",
                    document=lambda obj: None,
                    queryset=lambda: [],
                )
            )
