"""Write an evaluation report a person can read: JSON, a confusion-matrix picture and Markdown."""

from __future__ import annotations

import json
import os
from pathlib import Path

from training.data import STANCES

SENSITIVITY_ORDER = ("low", "normal", "high")
_REQUIRED = ("fnc_score", "macro_f1", "accuracy", "per_class", "confusion_matrix", "n_pairs")


def write_report(report: dict, directory: str | os.PathLike[str]) -> list[Path]:
    """Write report.json, confusion_matrix.png and summary.md; return their paths."""
    missing = [key for key in _REQUIRED if key not in report]
    if missing:
        raise ValueError(f"report lacks {', '.join(missing)}; build it with stance_report()")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "report.json"
    json_path.write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=_plain) + "\n", encoding="utf-8"
    )
    png_path = directory / "confusion_matrix.png"
    _plot_confusion(report, png_path)
    md_path = directory / "summary.md"
    md_path.write_text(summary_markdown(report), encoding="utf-8")
    return [json_path, png_path, md_path]


def _plain(value: object) -> object:
    """Let numpy scalars and arrays that slipped into a report serialise as JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plot_confusion(report: dict, path: Path) -> None:
    # Imported here: matplotlib is slow to import and only reports need it. Agg, never pyplot,
    # so no global backend state and no display is needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # Colour by share of the gold row, so the small disagree row is as readable as unrelated.
    matrix = report["confusion_matrix"]
    labels = report.get("labels", list(STANCES))
    shares = [[count / (sum(row) or 1) for count in row] for row in matrix]
    fig = Figure(figsize=(6.4, 5.4), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    fig.colorbar(image, ax=ax, label="share of gold row")
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("Predicted stance")
    ax.set_ylabel("Gold stance")
    ax.set_title(
        f"Confusion matrix, {report['n_pairs']:,} pairs (FNC score {report['fnc_score']:.3f})"
    )
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            colour = "white" if shares[i][j] > 0.5 else "black"
            ax.text(j, i, f"{count:,}\n{shares[i][j]:.0%}", ha="center", va="center", color=colour)
    fig.savefig(path, dpi=100, metadata={"Software": None})


def summary_markdown(report: dict) -> str:
    """A short Markdown summary: headline figures, per-class table, matrix, reader warnings."""
    lines = ["# Stance evaluation", ""]
    model = report.get("model")
    if isinstance(model, dict):
        model = " ".join(str(model[key]) for key in ("name", "version") if key in model)
    if model:
        lines.append(f"- Model: {model}")
    if report.get("data"):
        lines.append("- Data: " + ", ".join(f"`{path}`" for path in report["data"]))
    lines.append(f"- Pairs: {report['n_pairs']:,}")
    if "unjudgeable_pairs" in report:
        lines.append(f"- Pairs that cannot be judged: {report['unjudgeable_pairs']:,}")
    fnc = f"- FNC score: {report['fnc_score']:.4f}"
    if "fnc_raw" in report and "fnc_max" in report:
        fnc += f" ({report['fnc_raw']:,.2f} of {report['fnc_max']:,.2f})"
    lines.append(fnc)
    lines.append(f"- Macro-F1: {report['macro_f1']:.4f}")
    lines.append(f"- Accuracy: {report['accuracy']:.4f}")
    if "relatedness_accuracy" in report:
        lines.append(f"- Relatedness accuracy: {report['relatedness_accuracy']:.4f}")
    if "seconds" in report:
        lines.append(f"- Seconds: {report['seconds']:.1f}")

    lines += ["", "## Per class", "", "| Stance | Precision | Recall | F1 | Support |"]
    lines.append("|---|---:|---:|---:|---:|")
    for stance, c in report["per_class"].items():
        lines.append(
            f"| {stance} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} "
            f"| {c['support']:,} |"
        )

    labels = report.get("labels", list(STANCES))
    lines += ["", "## Confusion matrix (rows gold, columns predicted)", ""]
    lines.append("| gold \\ predicted | " + " | ".join(labels) + " |")
    lines.append("|---|" + "---:|" * len(labels))
    for stance, row in zip(labels, report["confusion_matrix"], strict=True):
        lines.append(f"| {stance} | " + " | ".join(f"{count:,}" for count in row) + " |")

    warnings = report.get("warnings")
    if warnings:
        lines += ["", "## Warnings a reader would see", ""]
        lines.append("| Sensitivity | Mismatch recall | Contradiction recall | False-alarm rate |")
        lines.append("|---|---:|---:|---:|")
        known = [s for s in SENSITIVITY_ORDER if s in warnings]
        for sensitivity in known + [s for s in warnings if s not in SENSITIVITY_ORDER]:
            w = warnings[sensitivity]
            lines.append(
                f"| {sensitivity} "
                f"| {_rate(w, 'mismatch_recall', 'n_unrelated_mismatch', 'n_unrelated')} "
                f"| {_rate(w, 'contradiction_recall', 'n_disagree_contradicted', 'n_disagree')} "
                f"| {_rate(w, 'false_alarm_rate', 'n_false_alarms', 'n_honest')} |"
            )
    return "\n".join(lines) + "\n"


def _rate(rates: dict, key: str, count: str, total: str) -> str:
    text = f"{rates[key]:.3f}"
    if count in rates and total in rates:
        text += f" ({rates[count]:,} / {rates[total]:,})"
    return text
