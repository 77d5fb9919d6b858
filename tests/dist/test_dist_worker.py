"""Worker warm-up: what loads on first use is loaded before the first partition is timed."""

from __future__ import annotations

from tocsin.config import load_config
from tocsin.dist.worker import cached_pipeline, config_json, warm


def test_warm_loads_the_lazy_parts_of_the_pipeline():
    text = config_json(load_config())
    assert warm(text) > 0
    geocoder = next(stage for stage in cached_pipeline(text).stages if stage.name == "geocoder")
    assert geocoder._gazetteer is not None  # loaded on first use: now, not in the first partition
