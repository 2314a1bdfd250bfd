"""The check service: a Flask app that loads the model once and answers checks over HTTP.

Production: nginx in front of ``gunicorn -c deploy/gunicorn.conf.py service.wsgi:app``
(docs/service.md).
"""

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from service import access_log, check, errors, feedback, meta, security
from service.cache import make_cache
from service.config import DEFAULTS, from_env
from service.db import FeedbackStore, StoreUnavailable, database_path, is_postgres, open_store
from service.scoring import Scorer, with_thresholds
from training.model_store import ModelLoadError
from training.verdict import SENSITIVITIES

# What stops start-up with one line (the CLI and service.wsgi print it and exit non-zero):
# a model that is missing, altered, corrupt or unfit, a database that cannot be opened, a bad
# setting.
STARTUP_ERRORS = (ModelLoadError, StoreUnavailable, ValueError)


def load_checker(model_path: str | None):
    """Load and verify the model (SHA-256 against its card); ModelLoadError says what is wrong."""
    from training.checker import Checker

    try:
        return Checker.load(model_path)
    except ModelLoadError:
        raise
    except Exception as error:  # a file whose hash matches its card but will not unpickle
        where = model_path or "the bundled model"
        raise ModelLoadError(
            f"model {where} cannot be loaded ({type(error).__name__}: {error}); "
            "restore or retrain it"
        ) from None


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
        cache=make_cache(
            app.config["CACHE_STORAGE_URI"], app.config["CACHE_SIZE"], app.config["CACHE_TTL"]
        ),
        model_threads=app.config["MODEL_THREADS"],
        combine_max=app.config["BATCH_MAX"],
        queue_max=app.config["QUEUE_MAX"],
    )
    if loaded_here:
        scorer.verify()
    app.extensions["headline_check"] = scorer
    setting = app.config["DATABASE"]
    if is_postgres(setting):
        app.extensions["headline_check_feedback"] = open_store(setting, app.instance_path)
    else:
        db_path = database_path(setting, app.instance_path)
        # A feedback row holds at most one request body; its journal may need as much again.
        room = 2 * int(app.config["MAX_CONTENT_LENGTH"] or 0)
        app.extensions["headline_check_feedback"] = FeedbackStore(db_path, min_free_bytes=room)
    if app.config["PROXY_COUNT"]:
        # Client address (rate limits) from the proxy's X-Forwarded-For, trusting only the
        # last PROXY_COUNT hops: a client cannot pick its own address.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]

    access_log.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    app.register_blueprint(check.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(meta.bp)
    return app
