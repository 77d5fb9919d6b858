"""Quality gate on a sample of the LGL and GeoVirus dev files (skipped without ../shared).

Floors sit a little under the measured full-file scores (benchmarks/geo.md) so a sample's noise
does not fail the build, while a real regression does.
"""

from __future__ import annotations

import pytest

from tocsin.geo.score import score_file

RESOLUTION_FLOORS = {"lgl.jsonl": 0.84, "geovirus.jsonl": 0.78}


@pytest.mark.quality
@pytest.mark.parametrize("name", sorted(RESOLUTION_FLOORS))
def test_resolution_accuracy_on_a_dev_sample(shared_dir, config, name):
    path = shared_dir / "data" / "eval" / name
    if not path.is_file():
        pytest.skip(f"{name} not in ../shared")
    report = score_file(path, config, mode="resolution", limit=120)
    assert report["metrics"]["acc_161km"] >= RESOLUTION_FLOORS[name], report["metrics"]


@pytest.mark.quality
@pytest.mark.slow
def test_end_to_end_detection_on_a_dev_sample(shared_dir, config):
    path = shared_dir / "data" / "eval" / "geovirus.jsonl"
    if not path.is_file():
        pytest.skip("geovirus.jsonl not in ../shared")
    report = score_file(path, config, mode="end-to-end", limit=40)
    assert report["metrics"]["detection_f1"] >= 0.75, report["metrics"]
