"""The check service: a Flask app that loads the model once and answers checks over HTTP.

Production: ``gunicorn --preload -w 2 --threads 4 -b 127.0.0.1:8000 'service:create_app()'``
(docs/service.md).
"""

from collections.abc import Mapping

from flask import Flask

from service import access_log, check, errors, feedback, meta, security
from service.config import DEFAULTS, from_env
from service.db import FeedbackStore, database_path
from service.scoring import Scorer, with_thresholds
from training.verdict import SENSITIVITIES


def load_checker(model_path: str | None):
    """Load and verify the model (SHA-256 against its card); ModelLoadError says what is wrong."""
    from training.checker import Checker

    return Checker.load(model_path)


def create_app(test_config: Mapping | None = None, *, checker=None) -> Flask:
    """Build the app: defaults, then HEADLINE_CHECK_* variables, then ``test_config``.

    ``checker`` reuses an already loaded training.checker.Checker (tests load it once).
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(from_env())
    if test_config is not None:
        app.config.from_mapping(test_config)

    if app.config["DEFAULT_SENSITIVITY"] not in SENSITIVITIES:
        raise ValueError(f"DEFAULT_SENSITIVITY must be one of {', '.join(SENSITIVITIES)}")
    loaded_here = checker is None
    if loaded_here:
        checker = load_checker(app.config["MODEL"])
    if app.config["THRESHOLDS"]:
        checker = with_thresholds(checker, app.config["THRESHOLDS"])
    scorer = Scorer(
        checker,
        max_title_chars=app.config["MAX_TITLE_CHARS"],
        max_body_chars=app.config["MAX_BODY_CHARS"],
        cache_size=app.config["CACHE_SIZE"],
        model_threads=app.config["MODEL_THREADS"],
        combine_max=app.config["BATCH_MAX"],
    )
    if loaded_here:
        scorer.verify()
    app.extensions["headline_check"] = scorer
    db_path = database_path(app.config["DATABASE"], app.instance_path)
    app.extensions["headline_check_feedback"] = FeedbackStore(db_path)

    access_log.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    app.register_blueprint(check.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(meta.bp)
    return app
