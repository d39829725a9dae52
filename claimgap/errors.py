"""The one exception hierarchy of claimgap.

Every error a user can cause derives from :class:`ClaimgapError` and also from the builtin that
matches it, so ``except ValueError`` keeps working for callers who do not know claimgap.
Messages say what failed, the offending value, and how to fix it; the CLI prints them as one line.
"""

from __future__ import annotations


class ClaimgapError(Exception):
    """Base class of every error claimgap raises on purpose."""


class IngestError(ClaimgapError, ValueError):
    """A source file cannot be turned into documents (empty, binary, malformed, no text layer)."""


class UnknownFormatError(IngestError):
    """No reader recognises the file."""


class SourceNotFoundError(ClaimgapError, FileNotFoundError):
    """An input path does not exist."""


class CorpusError(ClaimgapError, ValueError):
    """A built corpus directory is missing, incomplete or inconsistent."""


class FetchError(ClaimgapError, OSError):
    """A listed source could not be downloaded or copied."""


class ConfigError(ClaimgapError, ValueError):
    """A configuration file or option has an unknown key or a bad value."""


class ModelNotFoundError(ClaimgapError, FileNotFoundError):
    """A model directory does not exist or lacks meta.json."""


class ModelIntegrityError(ClaimgapError, ValueError):
    """A model's weight file does not match the sha256 recorded in its meta.json."""


class RegisterError(ClaimgapError, ValueError):
    """A mechanism register entry is missing a field or has a bad value."""
