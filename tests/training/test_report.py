import json

import numpy as np
import pytest

from training.data import STANCES
from training.metrics import stance_report, warning_rates
from training.report import write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def report():
    gold = ["agree"] * 5 + ["disagree"] * 2 + ["discuss"] * 6 + ["unrelated"] * 20
    pred = ["agree"] * 4 + ["discuss"]  # gold agree
    pred += ["disagree", "unrelated"]  # gold disagree
    pred += ["discuss"] * 5 + ["unrelated"]  # gold discuss
    pred += ["unrelated"] * 19 + ["agree"]  # gold unrelated
    result = stance_report(gold, pred)
    result["seconds"] = 1.25
    result["model"] = {"name": "headline-check-stance", "version": "1.0.0"}
    result["data"] = ["stances.csv", "bodies.csv"]
    result["warnings"] = {
        # Deliberately out of order: the summary lists low, normal, high.
        "high": warning_rates(gold, ["mismatch" if p == "unrelated" else None for p in pred]),
        "low": warning_rates(gold, [None] * len(gold)),
        "normal": warning_rates(gold, ["mismatch"] * 20 + [None] * 13),
    }
    return result


def test_writes_the_three_files(tmp_path, report):
    directory = tmp_path / "not" / "yet" / "there"
    paths = write_report(report, directory)
    assert [p.name for p in paths] == ["report.json", "confusion_matrix.png", "summary.md"]
    assert all(p.parent == directory and p.is_file() for p in paths)

    assert json.loads(paths[0].read_text(encoding="utf-8")) == report

    png = paths[1].read_bytes()
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 10_000  # a rendered, annotated figure, not an empty image


def test_summary_has_figures_tables_and_warnings(tmp_path, report):
    summary = write_report(report, tmp_path)[2].read_text(encoding="utf-8")
    assert summary.startswith("# Stance evaluation\n")
    assert f"- FNC score: {report['fnc_score']:.4f}" in summary
    assert f"- Macro-F1: {report['macro_f1']:.4f}" in summary
    assert "- Pairs: 33" in summary
    assert "- Model: headline-check-stance 1.0.0" in summary
    assert "- Data: `stances.csv`, `bodies.csv`" in summary
    assert "| Stance | Precision | Recall | F1 | Support |" in summary
    assert "| gold \\ predicted | agree | disagree | discuss | unrelated |" in summary
    assert "| unrelated | 1 | 0 | 0 | 19 |" in summary
    for stance in STANCES:
        assert f"| {stance} | " in summary
    assert summary.index("| low |") < summary.index("| normal |") < summary.index("| high |")
    # high: 19 of 20 unrelated pairs warned; one honest pair (discuss -> unrelated) falsely.
    assert "| high | 0.950 (19 / 20) | 0.000 (0 / 2) | 0.091 (1 / 11) |" in summary


def test_summary_without_warnings(tmp_path, report):
    del report["warnings"]
    summary = write_report(report, tmp_path)[2].read_text(encoding="utf-8")
    assert "Warnings" not in summary


def test_numpy_values_are_written_as_json(tmp_path, report):
    report["confusion_matrix"] = np.array(report["confusion_matrix"])
    report["fnc_score"] = np.float64(report["fnc_score"])
    written = json.loads(write_report(report, tmp_path)[0].read_text(encoding="utf-8"))
    assert written["confusion_matrix"] == report["confusion_matrix"].tolist()


def test_incomplete_report_is_refused(tmp_path):
    with pytest.raises(ValueError, match="report lacks fnc_score"):
        write_report({"n_pairs": 0}, tmp_path)
