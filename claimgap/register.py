"""The mechanism register: curated, cited mechanisms that could back a promise.

A register is a YAML file in ``corpus/register/`` (one per policy area) with a list of
``mechanisms``; each is validated into a frozen :class:`Mechanism`. Errors name the file, the
entry and the field.

>>> reg = load_registers()                        # doctest: +SKIP
>>> reg["send-cfa-s42"].citation                  # doctest: +SKIP
'Children and Families Act 2014 s.42'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimgap.errors import RegisterError

REGISTER_DIR = Path(__file__).resolve().parents[1] / "corpus" / "register"
FORCES = ("duty", "qualified_duty", "power", "right", "guidance", "allocation", "intention",
          "definition", "case_law", "historical")
ROUTES = ("tribunal", "judicial_review", "ombudsman", "complaint", "grant_conditions", "none")
ENFORCEABLE = ("yes", "no", "unclear")
SCOPES = ("individual", "system")
STATUSES = ("in_force", "proposed", "expired")
VERIFIED = ("yes", "secondary", "no")
REQUIRED = ("id", "title", "citation", "duty_bearer", "requires", "force", "enforcement",
            "enforceable", "scope", "status", "verified", "source_url")


@dataclass(frozen=True)
class Mechanism:
    """One mechanism: who is bound, to do what, for whom, with what force and what remedy."""

    id: str
    title: str
    citation: str
    duty_bearer: str
    requires: str
    force: str
    enforcement: tuple[str, ...]
    enforceable: str
    scope: str
    status: str
    verified: str
    source_url: str
    register: str = ""
    instrument: str = ""
    short_citation: str = ""
    beneficiary: str = ""
    source_row: str = ""
    notes: str = ""
    paraphrases: tuple[str, ...] = ()
    origin: str = "register"  # "register" or "corpus" (harvested from statutory text)

    @property
    def backs(self) -> bool:
        """Can this mechanism back a promise (labels.md): an in-force, enforceable duty."""
        return self.status == "in_force" and self.force == "duty" and self.enforceable == "yes"

    @property
    def search_text(self) -> str:
        return " ".join([self.title, self.requires, self.beneficiary, *self.paraphrases])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["enforcement"] = list(self.enforcement)
        data["paraphrases"] = list(self.paraphrases)
        return data


@dataclass
class Register:
    """Mechanisms by id, from one or more register files."""

    mechanisms: dict[str, Mechanism] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Per register, the mechanism that is the enforceable route to provision in that area
    #: (e.g. the EHC plan duty for SEND): named when a promise lacks it.
    primary_routes: dict[str, str] = field(default_factory=dict)
    #: Per register, what covers those the primary route leaves out (for SEND, the schools'
    #: best-endeavours duty for pupils without a plan): named when a promise is made to them.
    general_routes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, mechanism_id: str) -> Mechanism:
        return self.mechanisms[mechanism_id]

    def __iter__(self) -> Iterator[Mechanism]:
        return iter(self.mechanisms.values())

    def __len__(self) -> int:
        return len(self.mechanisms)

    def extend(self, mechanisms: Iterable[Mechanism]) -> Register:
        merged = dict(self.mechanisms)
        for mechanism in mechanisms:
            merged.setdefault(mechanism.id, mechanism)
        return Register(merged, list(self.files), dict(self.primary_routes),
                        dict(self.general_routes))

    def primary_route(self, mechanism: Mechanism) -> Mechanism | None:
        """The enforceable route to provision of the register ``mechanism`` belongs to."""
        route = self.primary_routes.get(mechanism.register)
        return self.mechanisms.get(route) if route else None

    def general_route(self, mechanism: Mechanism) -> Mechanism | None:
        """What covers those outside the primary route, in ``mechanism``'s register."""
        route = self.general_routes.get(mechanism.register)
        return self.mechanisms.get(route) if route else None


def _check(path: Path, n: int, entry: dict[str, Any]) -> Mechanism:
    where = f"{path}: entry {n + 1} ({entry.get('id', 'no id')})"
    missing = [name for name in REQUIRED if entry.get(name) in (None, "", [])]
    if missing:
        raise RegisterError(f"{where}: missing required field {missing[0]!r}")
    known = set(Mechanism.__dataclass_fields__)
    unknown = sorted(set(entry) - known)
    if unknown:
        raise RegisterError(f"{where}: unknown field {unknown[0]!r}")
    for name, allowed in (("force", FORCES), ("enforceable", ENFORCEABLE), ("scope", SCOPES),
                          ("status", STATUSES), ("verified", VERIFIED)):
        value = str(entry[name]).lower() if isinstance(entry[name], bool) else entry[name]
        if isinstance(entry[name], bool):  # YAML reads a bare yes/no as a boolean
            value = "yes" if entry[name] else "no"
            entry[name] = value
        if value not in allowed:
            raise RegisterError(f"{where}: field {name!r} has unknown value {value!r}; use one of "
                                f"{', '.join(allowed)}")
    routes = entry["enforcement"]
    routes = [routes] if isinstance(routes, str) else list(routes)
    bad = [r for r in routes if r not in ROUTES]
    if bad:
        raise RegisterError(f"{where}: field 'enforcement' has unknown route {bad[0]!r}; use "
                            f"{', '.join(ROUTES)}")
    values = {k: v for k, v in entry.items()}
    values["enforcement"] = tuple(routes)
    values["paraphrases"] = tuple(str(p) for p in entry.get("paraphrases") or ())
    for key in ("id", "title", "citation", "duty_bearer", "requires", "source_url"):
        values[key] = str(values[key]).strip()
    return Mechanism(**values)


def read_register(path: str | Path) -> Register:
    """Read and validate one register file."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise RegisterError(f"{path}: register file not found")
    try:
        # libyaml's loader when PyYAML was built with it: the same data, ten times faster
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise RegisterError(f"{path}: invalid YAML{line}; fix the syntax") from None
    if not isinstance(data, dict) or not isinstance(data.get("mechanisms"), list) \
            or not data["mechanisms"]:
        raise RegisterError(f"{path}: a register needs a non-empty top-level 'mechanisms' list")
    name = str(data.get("register") or path.stem)
    register = Register(files=[str(path)])
    for n, entry in enumerate(data["mechanisms"]):
        if not isinstance(entry, dict):
            raise RegisterError(f"{path}: entry {n + 1} is not a mapping")
        entry = {**entry, "register": name}
        mechanism = _check(path, n, entry)
        if mechanism.id in register.mechanisms:
            raise RegisterError(f"{path}: entry {n + 1}: duplicate id {mechanism.id!r}")
        register.mechanisms[mechanism.id] = mechanism
    route = data.get("primary_route")
    if route is not None:
        if route not in register.mechanisms or not register.mechanisms[route].backs:
            raise RegisterError(f"{path}: primary_route {route!r} must be the id of an in-force, "
                                "enforceable duty in this register")
        register.primary_routes[name] = route
    general = data.get("general_route")
    if general is not None:
        if general not in register.mechanisms:
            raise RegisterError(f"{path}: general_route {general!r} is not an id in this register")
        register.general_routes[name] = general
    return register


def load_registers(paths: Sequence[str | Path] | None = None) -> Register:
    """All register files given (files or folders; default ``corpus/register``), merged."""
    files: list[Path] = []
    for raw in paths or [REGISTER_DIR]:
        path = Path(raw)
        files += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() \
            else [path]
    if not files:
        raise RegisterError(f"no register files found in {', '.join(map(str, paths or []))}")
    merged = Register()
    for file in files:
        register = read_register(file)
        clash = set(register.mechanisms) & set(merged.mechanisms)
        if clash:
            raise RegisterError(f"{file}: id {sorted(clash)[0]!r} is also in another register")
        merged.mechanisms.update(register.mechanisms)
        merged.primary_routes.update(register.primary_routes)
        merged.general_routes.update(register.general_routes)
        merged.files += register.files
    return merged
