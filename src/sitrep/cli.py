"""The ``sitrep`` command: parse options, make one library call, print the result."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from sitrep import __version__
from sitrep.errors import SitrepError, Terminated, UsageError, check_stop, request_stop


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def format_control(rows: Sequence[Mapping[str, Any]], on: date) -> str:
    """A plain-text table of :func:`sitrep.outputs.control.control_on` rows, by province."""
    if not rows:
        return f"No control information for {on.isoformat()}."
    head = ("province", "place", "controller", "status", "since", "evidence")
    body = [
        (
            r["admin1"] or "",
            r["place"] if r["place"] == r["admin2"] else f"{r['place']} ({r['admin2']})",
            r["controller"],
            f"{r['status']} ({r['scope']})",
            r["date_from"].isoformat() if r["date_from"] else "",
            r["evidence_event_ids"] or "",
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(len(head))]
    lines = [f"Control on {on.isoformat()}:"]
    for row in [head, *body]:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _model_options(command: Any) -> Any:
    """``--model DIR`` / ``--no-model``: which learned event model extraction uses."""
    command = click.option("--no-model", is_flag=True,
                           help="Extract with the rules only, without the learned event model.")(
                               command)
    return click.option("--model", "model", default=None, metavar="DIR",
                        help="Learned event model folder from 'sitrep train' ('packaged': the "
                             "packaged model); default: see the README.")(command)


def _model_choice(model: str | None, no_model: bool) -> str | bool | None:
    """What ``sitrep.build(model=...)`` takes for the two options."""
    if model and no_model:
        raise UsageError("--model and --no-model exclude each other")
    return False if no_model else model


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """sitrep: reports about an armed conflict in, a sourced event dataset out."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder (created; an existing store there is updated).",
)
@click.option(
    "--conflict-start",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Events dated before this day are background, not events.",
)
@click.option(
    "--published",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Publication date of documents that state none (no metadata or byline date).",
)
@click.option(
    "--country",
    metavar="NAME",
    help="Country the reports are about, for those that name none (e.g. 'Kenya').",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Actor YAML file(s) to use instead of the packaged ones (repeatable).",
)
@click.option(
    "--max-bytes",
    default=20_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Files larger than this are refused.",
)
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Analyse documents in this many processes.")
@click.option("--ray", "ray_address", default=None, metavar="ADDRESS",
              help="Analyse documents on Ray: 'local' starts one here, 'auto' or "
                   "'ray://host:10001' joins a cluster (--workers actors).")
@click.option("--no-report", is_flag=True, help="Skip writing report.html.")
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@_model_options
def build(
    inputs: tuple[Path, ...],
    out_dir: Path,
    conflict_start: date | None,
    published: date | None,
    country: str | None,
    actor_files: tuple[Path, ...],
    max_bytes: int,
    workers: int,
    ray_address: str | None,
    no_report: bool,
    quiet: bool,
    model: str | None,
    no_model: bool,
) -> None:
    """Build the event dataset from INPUTS (files and folders, read recursively)."""
    from sitrep.pipeline.run import build as run_build

    def failed(item) -> None:
        click.echo(f"error: {item.path}: {item.reason}", err=True)

    result = run_build(
        list(inputs),
        out_dir,
        conflict_start=conflict_start,
        published=published,
        country=country,
        actor_files=actor_files,
        max_bytes=max_bytes,
        progress=not quiet and sys.stderr.isatty(),
        report=not no_report,
        on_failure=failed,
        workers=workers,
        ray_address=ray_address,
        model=_model_choice(model, no_model),
    )
    click.echo(result.summary())
    if not quiet:
        for name, path in result.outputs.items():
            click.echo(f"  {name:<9} {path}")
        if "report" in result.outputs:
            click.echo(f"Open the report: {result.outputs['report'].resolve()}")
    if result.documents_ok == 0:
        sys.exit(1)


@cli.command()
@click.argument("name")
@click.option("--context", default=None, help="The sentence the name appears in.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def geocode(name: str, context: str | None, as_json: bool) -> None:
    """Resolve a place NAME to its province, district and point."""
    from sitrep.nlp.geo import default_gazetteer

    place = default_gazetteer().resolve(name, context=context)
    if as_json:
        fields = [
            "name",
            "matched",
            "feature",
            "country",
            "admin1",
            "admin2",
            "admin3",
            "latitude",
            "longitude",
            "geo_precision",
            "score",
            "reason",
        ]
        data = asdict(place) if place else {}
        click.echo(
            json.dumps(
                {f: data.get(f, name if f == "name" else None) for f in fields}, ensure_ascii=False
            )
        )
    elif place:
        where = ", ".join(x for x in (place.admin2, place.admin1, place.country) if x)
        click.echo(
            f"{name} -> {place.matched} ({place.feature}; {where}) "
            f"{place.latitude}, {place.longitude} precision {place.geo_precision} "
            f"score {place.score:.0f}"
        )
    else:
        click.echo(f"{name}: no match", err=not as_json)
    if place is None:
        sys.exit(1)


@cli.group(name="eval")
def eval_group() -> None:
    """Measure extraction quality against hand-annotated gold data."""


@eval_group.command(name="geo")
@click.argument("gold", required=False, type=click.Path(exists=True, path_type=Path))
def eval_geo(gold: Path | None) -> None:
    """Geocoding accuracy on GOLD (default: the project's eval/geo/gold.csv, then the ACLED
    rows of ../shared/datasets, dev and test, when present)."""
    from sitrep.evaluation.geo import acled_report, evaluate

    click.echo(evaluate(gold).format())
    if gold is None:
        click.echo(acled_report())


@eval_group.command(name="events")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(exists=True, path_type=Path),
              help="A build's output folder (its mentions.csv and events.csv are scored).")
def eval_events(gold: Path, out_dir: Path) -> None:
    """Event extraction precision, recall and F1 of the build in --out against GOLD."""
    from sitrep.evaluation.events import evaluate

    click.echo(evaluate(gold, out_dir).format())


def _real_corpus_command(dataset: str, splits: tuple[str, ...]) -> None:
    """Register ``sitrep eval DATASET``: score the pipeline on an external annotated corpus."""

    @eval_group.command(name=dataset)
    @click.option("--split", type=click.Choice(splits), default="test", show_default=True)
    @click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
                  help="Keep the build here (reused by the next run); default: a temp folder.")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1),
                  help="Analyse documents in this many processes.")
    @click.option("--dateline", callback=_date, metavar="YYYY-MM-DD",
                  help="Diagnostic: write this date as a dateline before every text.")
    @click.option("--country-known", is_flag=True,
                  help="Diagnostic (ACLED notes): build each country's rows with --country.")
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    @_model_options
    def command(
        split: str, out_dir: Path | None, workers: int, dateline: date | None,
        country_known: bool, as_json: bool, model: str | None, no_model: bool,
    ) -> None:
        from sitrep.evaluation.real import evaluate

        result = evaluate(dataset, split, out_dir, workers=workers, dateline=dateline,
                          model=_model_choice(model, no_model), country_known=country_known)
        click.echo(result.to_json() if as_json else result.format())

    command.help = (
        f"Run the pipeline on the {dataset} corpus (../shared/datasets or $SITREP_DATASETS) "
        "and score it; see eval/real/README.md."
    )


for _dataset, _splits in (("wikievents", ("dev", "test")), ("rams", ("dev", "test")),
                          ("acled", ("train", "dev", "test"))):
    _real_corpus_command(_dataset, _splits)


@cli.command()
@click.argument("out_dir", default="out/panjshir", type=click.Path(path_type=Path))
@click.option("--date", "on", required=True, callback=_date, metavar="YYYY-MM-DD",
              help="The day to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON rows.")
def control(out_dir: Path, on: date, as_json: bool) -> None:
    """Who held each place on a date, from the store in OUT_DIR (default out/panjshir)."""
    from sitrep.outputs.control import control_on

    rows = control_on(out_dir, on)
    click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=1) if as_json
               else format_control(rows, on))


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve(out_dir: Path, host: str, port: int) -> None:
    """Browse and query a build's store in a local web app with a JSON API."""
    from sitrep.web import serve as run_server

    run_server(out_dir, host=host, port=port)


@cli.command(name="open")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def open_cmd(out_dir: Path, port: int) -> None:
    """Print where a build's report is and how to browse it in the app."""
    from sitrep.web import locate

    click.echo(locate(out_dir, port=port))


@cli.command()
@click.argument("csv_path", metavar="ACLED.csv", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the model to (model.json, weights.npz).")
@click.option("--text-column", default="notes", show_default=True, help="Column with the text.")
@click.option("--label-column", default="sub_event_type", show_default=True,
              help="Column with the ACLED sub-event type.")
def train(csv_path: Path, out_dir: Path, text_column: str, label_column: str) -> None:
    """Fit the learned event detector and sub-type classifier to an ACLED export."""
    from sitrep.nlp import embed
    from sitrep.nlp.classify import train_acled

    if not embed.available():
        raise UsageError("sitrep train needs the sentence-embedding model (make install)")
    model = train_acled(csv_path, out_dir, text_column=text_column, label_column=label_column)
    click.echo(f"{out_dir}: {model.info['trained_on']['rows']} rows, "
               f"{len(model.labels)} sub-event types")


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: stop like Ctrl+C (workers stopped, store kept), then exit 143."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one stop is enough
    request_stop(Terminated)
    raise Terminated()


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl+C: raise KeyboardInterrupt as Python does, and remember it (see request_stop)."""
    request_stop(KeyboardInterrupt)
    raise KeyboardInterrupt()


def _interrupted(exc: BaseException) -> NoReturn:
    """One line and the shell's code: Ctrl+C 130 (128+SIGINT), SIGTERM 143 (128+SIGTERM)."""
    if isinstance(exc, Terminated):
        click.echo("terminated", err=True)
        sys.exit(143)
    click.echo("interrupted", err=True)
    sys.exit(130)


def main() -> None:
    """Entry point: turn sitrep errors into one line; never show a traceback."""
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        cli.main(standalone_mode=False)
        check_stop()  # a stop a library swallowed after the last check
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click wraps Ctrl+C in Abort
            _interrupted(exc.__cause__)
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UsageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SitrepError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except Exception as exc:  # last line of defence: one line, not a traceback
        try:  # a library that turned Ctrl+C into its own error ("Query interrupted")
            check_stop()
        except KeyboardInterrupt as stop:
            _interrupted(stop)
        if os.environ.get("SITREP_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} "
            "(please report this with the input that caused it)",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
