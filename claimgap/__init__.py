"""claimgap: the gap between what governments promise in public and what they bind in law.

>>> import claimgap
>>> claimgap.__version__
'0.1.0'
"""

from __future__ import annotations

from claimgap.corpus import Corpus
from claimgap.errors import ClaimgapError
from claimgap.records import Block, Document, Sentence
from claimgap.version import __version__

__all__ = ["Block", "ClaimgapError", "Corpus", "Document", "Sentence", "__version__"]
