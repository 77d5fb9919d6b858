"""One layered configuration: built-in defaults < user file < environment < flags."""

from __future__ import annotations

import copy
import json
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tocsin.errors import ConfigError

ENV_PREFIX = "TOCSIN_"


def _defaults() -> dict[str, Any]:
    text = resources.files("tocsin.data").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def user_config_path() -> Path | None:
    """The user file in force: $TOCSIN_CONFIG, else ~/.config/tocsin/config.toml, else ./tocsin.toml."""
    explicit = os.environ.get("TOCSIN_CONFIG")
    if explicit:
        return Path(explicit)
    for candidate in (Path.home() / ".config" / "tocsin" / "config.toml", Path("tocsin.toml")):
        if candidate.is_file():
            return candidate
    return None


def _parse_env_value(raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    if isinstance(like, list):
        raw = raw.strip()
        return json.loads(raw) if raw.startswith("[") else [p for p in raw.split(",") if p]
    return raw


def _merge(base: dict[str, Any], layer: dict[str, Any], origin: str, origins: dict[str, str]) -> None:
    for section, values in layer.items():
        if section not in base or not isinstance(values, dict):
            raise ConfigError(
                f"unknown config section {section!r} in {origin}",
                fix=f"use one of: {', '.join(sorted(base))}",
            )
        for key, value in values.items():
            if key not in base[section]:
                raise ConfigError(
                    f"unknown config key {section}.{key} in {origin}",
                    fix=f"keys of [{section}]: {', '.join(sorted(base[section]))}",
                )
            base[section][key] = value
            origins[f"{section}.{key}"] = origin


@dataclass
class Config:
    """The effective settings, with where each one came from."""

    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.values[section]

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".", 1)
        return self.values[section][key]

    def with_overrides(self, overrides: dict[str, Any]) -> "Config":
        """A copy with dotted-key overrides (flags) applied; None values are ignored."""
        values = copy.deepcopy(self.values)
        origins = dict(self.origins)
        layer: dict[str, dict[str, Any]] = {}
        for dotted, value in overrides.items():
            if value is None:
                continue
            section, key = dotted.split(".", 1)
            layer.setdefault(section, {})[key] = value
        _merge(values, layer, "flag", origins)
        return Config(values, origins)


def load_config(overrides: dict[str, Any] | None = None, *, user_file: Path | None = None,
                environ: dict[str, str] | None = None) -> Config:
    """Build the effective config from all layers."""
    values = _defaults()
    origins = {f"{s}.{k}": "default" for s, sec in values.items() for k in sec}
    path = user_file or user_config_path()
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file {path} not found", fix="unset TOCSIN_CONFIG or create the file")
        try:
            _merge(values, tomllib.loads(path.read_text(encoding="utf-8")), str(path), origins)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}", fix="fix the file's syntax") from exc
    env = os.environ if environ is None else environ
    env_layer: dict[str, dict[str, Any]] = {}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name or name == "TOCSIN_CONFIG":
            continue
        section, key = name[len(ENV_PREFIX):].lower().split("__", 1)
        like = values.get(section, {}).get(key, "")
        try:
            env_layer.setdefault(section, {})[key] = _parse_env_value(raw, like)
        except ValueError as exc:
            raise ConfigError(f"environment variable {name}={raw!r} has the wrong type", fix=str(exc)) from exc
    _merge(values, env_layer, "environment", origins)
    config = Config(values, origins)
    return config.with_overrides(overrides) if overrides else config
