"""Run claimgap's per-document work on a Dask distributed cluster.

``--dask local`` starts a ``LocalCluster`` on this machine; ``--dask tcp://host:8786`` uses a
running scheduler (start one with ``dask scheduler`` and workers with ``dask worker ADDRESS``;
every worker needs claimgap installed and the input files at the same paths). Dask is imported
here only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from claimgap.errors import ClaimgapError

CONNECT_TIMEOUT_S = 5


class ClusterError(ClaimgapError, ConnectionError):
    """The Dask scheduler cannot be reached or used."""


@contextmanager
def dask_client(address: str, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address`` ("local" starts a LocalCluster)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - depends on the install
        raise ClusterError("the Dask engine needs dask[distributed]: pip install -e '.[dev]' "
                           "-c constraints.txt") from None
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1,
                                   dashboard_address=None, processes=True,
                                   silence_logs=logging.CRITICAL)
            client = Client(cluster)
        else:
            client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within "
                           f"{CONNECT_TIMEOUT_S} s ({type(exc).__name__}); start it with "
                           "`dask scheduler` or use --dask local") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
