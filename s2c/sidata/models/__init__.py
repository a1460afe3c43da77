"""Sidata's data: the archive's documents (documents.py) and the open datasets
(datasets.py), sharing the tags (tags.py)."""

from .datasets import *  # noqa: F403
from .documents import *  # noqa: F403
from .tags import *  # noqa: F403
