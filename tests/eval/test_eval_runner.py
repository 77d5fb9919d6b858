"""The report shape, sampling, task detection and the CLI, on invented files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tocsin.errors import EvalError
from tocsin.eval import runner
from tocsin.eval.commands import register
from tocsin.eval.data import detect_task, read_jsonl, sample

REPORT_KEYS = {"task", "file", "n", "seconds", "metrics", "per_class", "errors"}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def cluster_file(tmp_path: Path) -> Path:
    records = [{"id": f"d{i}", "text": f"Invented report number {i} about a flood.", "published": None,
                "gold_cluster": "flood" if i < 3 else "fire"} for i in range(5)]
    return _write(tmp_path / "mini_cluster.jsonl", records)


def test_evaluate_builds_the_report_with_a_stand_in_system(cluster_file, monkeypatch):
    def one_big_cluster(items, config):
        return {item["id"]: 0 for item in items}

    spec = runner.TASKS["cluster"][""]
    monkeypatch.setitem(runner.TASKS["cluster"], "", runner.TaskSpec(one_big_cluster, spec.score, spec.needs))
    report = runner.evaluate("cluster", cluster_file, max_errors=2)
    assert REPORT_KEYS <= set(report)
    assert report["task"] == "cluster" and report["file"] == "mini_cluster.jsonl" and report["n"] == 5
    # gold 3+2: B-cubed precision = (3*3/5 + 2*2/5)/5 = 13/25, recall 1
    assert report["metrics"]["bcubed_precision"] == pytest.approx(13 / 25)
    assert report["metrics"]["bcubed_recall"] == 1.0
    assert len(report["errors"]) == 2 and report["n_errors"] == 5
    assert set(report["errors"][0]) >= {"id", "text", "gold", "predicted"}
    assert report["notes"]
    json.dumps(report)  # JSON-serialisable as is


def test_limit_samples_with_a_fixed_seed(cluster_file, monkeypatch):
    items = read_jsonl(cluster_file)
    assert sample(items, 3, seed=1) == sample(items, 3, seed=1)
    assert [i["id"] for i in sample(items, 3, seed=1)] == sorted(i["id"] for i in sample(items, 3, seed=1))
    assert sample(items, None) == items and sample(items, 99) == items


def test_wrong_shape_and_unknown_task_are_coded_errors(cluster_file, tmp_path):
    with pytest.raises(EvalError) as exc:
        runner.evaluate("ner", cluster_file)
    assert exc.value.code == "T707"
    with pytest.raises(EvalError) as exc:
        runner.evaluate("sentiment", cluster_file)
    assert exc.value.code == "T705"
    with pytest.raises(EvalError) as exc:
        runner.evaluate("cluster", cluster_file, mode="end-to-end")
    assert exc.value.code == "T706"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvalError) as exc:
        read_jsonl(bad)
    assert exc.value.code == "T703" and ":2" in exc.value.message


def test_detect_task_reads_the_readme(tmp_path):
    data = _write(tmp_path / "x.jsonl", [])
    assert detect_task(data) is None
    (tmp_path / "x.README.md").write_text("# x\n\n- Task: `geoparse` (format: ...)\n", encoding="utf-8")
    assert detect_task(data) == "geoparse"


def test_missing_component_is_a_coded_error():
    from tocsin.eval.adapters import component

    with pytest.raises(EvalError) as exc:
        component("tocsin.no_such_module", "thing", "imaginary component")
    assert exc.value.code == "T704" and "imaginary component not available" in str(exc.value)


def test_cli_eval_ner_writes_the_json_report(tmp_path):
    records = [
        {"id": "s1", "tokens": ["Maria", "Lopez", "flew", "from", "Madrid", "to", "Lima", "."],
         "tags": ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "B-LOC", "O"]},
        {"id": "s2", "tokens": ["The", "United", "Nations", "met", "on", "Monday", "."],
         "tags": ["O", "B-ORG", "I-ORG", "O", "O", "O", "O"]},
    ]
    data = _write(tmp_path / "mini_ner.jsonl", records)
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", "ner", str(data), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "micro_f1" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert REPORT_KEYS <= set(report) and report["n"] == 2
    assert set(report["metrics"]) >= {"micro_f1", "PER_f1", "LOC_f1", "ORG_f1", "MISC_f1"}
    assert all(0.0 <= v <= 1.0 for v in report["metrics"].values())


def test_cli_reports_a_missing_file_with_its_code(tmp_path):
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test app."""

    result = CliRunner().invoke(app, ["eval", "cameo", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert "T702" in result.output


def test_every_task_has_notes_and_a_spec():
    assert set(runner.TASKS) == set(runner.NOTES)
    assert set(runner.TASKS["geoparse"]) == {"resolution", "end-to-end"}


def test_quality_markdown_has_a_row_per_file_and_metric():
    from tocsin.eval.run_all import Run, quality_markdown

    report = {"n": 40, "n_total": 100, "seconds": 3.2, "metrics": {"acc_161km": 0.8125, "median_error_km": 12.25},
              "notes": ["how it was read", "scored 40 of 100 items (fixed-seed sample, seed 1)"]}
    text = quality_markdown([(Run("news", "geoparse", "resolution", 40), report),
                             (Run("other", "cameo"), "T704: component x not available")], "abc1234", "2026-01-01")
    assert "`abc1234`" in text and "2026-01-01" in text
    assert "| news | geoparse | resolution | 40 of 100 | acc_161km | 0.812 |" in text
    assert "| news | geoparse | resolution | 40 of 100 | median_error_km (lower is better) | 12.2 |" in text
    assert "| other | cameo |  | - | error | T704: component x not available |" in text
    assert "how it was read" in text and "scored 40" not in text
    assert "| news | geoparse | resolution | 40 | 3 |" in text


def test_plan_for_adds_unplanned_files_by_their_readme(tmp_path):
    from tocsin.eval.run_all import PLAN, Run, plan_for

    _write(tmp_path / "extra.jsonl", [])
    (tmp_path / "extra.README.md").write_text("- Task: `ner`\n", encoding="utf-8")
    _write(tmp_path / "conll2003_testa.jsonl", [])
    runs = plan_for(tmp_path, PLAN)
    assert Run("conll2003_testa", "ner") in runs
    assert any(r.stem == "extra" and r.task == "ner" for r in runs)
    assert all(r.stem in {"extra", "conll2003_testa"} for r in runs)
