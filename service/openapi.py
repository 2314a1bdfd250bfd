"""The OpenAPI 3.1 description, written by hand; tests hold it to the real answers."""

from flask import Config

from service.badge import UNKNOWN_TITLES
from service.validation import HEADLINE_SOURCES, VERDICTS
from training.data import STANCES
from training.verdict import SENSITIVITIES

PROBLEM = "application/problem+json"
REASONS = list(UNKNOWN_TITLES)  # every reason the checker gives has a badge title (tested)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, required=None, *, description="", additional=False) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": additional}
    schema["required"] = list(properties) if required is None else required
    if description:
        schema["description"] = description
    return schema


def text(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def json_body(name: str, example: dict | None = None) -> dict:
    media = {"schema": ref(name)}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {"application/json": media}}


def ok(description: str, name: str, status_headers=None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": ref(name)}}}
    if status_headers:
        response["headers"] = status_headers
    return response


def problems(*codes: str) -> dict:
    return {code: {"$ref": f"#/components/responses/{code}"} for code in codes}


# The seed page's title and two of its paragraphs (seeds/seed-page.json): long enough to be
# judged, so /docs shows a real answer (tests/service/test_documented_examples.py checks it).
EXAMPLE_CHECK = {
    "title": "Reform UK Candidate Apologises for Racist Tweet Aimed at David Lammy",
    "body": (
        "The UK government has strongly condemned X’s response to the Grok AI sexualised deepfake"
        ' images scandal, describing it as "insulting to victims of misogyny". The scandal '
        "involves the use of X’s Grok AI tool to create and distribute sexualised deepfake images"
        " of women and children. The government has said that X’s decision to turn off the Grok "
        "AI image creation function for the vast majority of users is not enough, and that more "
        "needs to be done to stop the creation and distribution of these images. At a lobby "
        "briefing, the Prime Minister’s spokesperson said that X’s response to the scandal was "
        '"not a solution" and that it was "insulting to victims of misogyny and sexual violence".'
        " The spokesperson said that the government would prioritize action that puts an end to "
        "the creation and distribution of these images, and that all options were on the table. "
        "The government has also said that it will support Ofcom in taking any action it sees fit"
        " to address the issue, including imposing multi-million pound fines."
    ),
    "url": "https://news.example/story",
    "sensitivity": "normal",
}


def _schemas(config: Config) -> dict:
    unit = {"type": "number", "minimum": 0, "maximum": 1}
    check_request = {
        "title": text("The page's headline.", minLength=1),
        "body": text(
            "The article text. Longer than "
            f"{config['MAX_BODY_CHARS']} characters is cut before scoring.",
            minLength=1,
        ),
        "url": nullable(text("The page address (not used for scoring).", maxLength=2048)),
        "sensitivity": {
            "enum": [*SENSITIVITIES, None],
            "description": "How readily to warn; default "
            f"{config['DEFAULT_SENSITIVITY']!r}. Higher warns at lower model confidence.",
        },
        "headline_source": {
            "enum": [*HEADLINE_SOURCES, None],
            "description": "Where the client found the headline (h1, a heading, metadata); "
            "logged by name to count each path, never used for scoring.",
        },
    }
    return {
        "CheckRequest": obj(
            check_request,
            ["title", "body"],
            additional=True,
            description="Unknown keys are ignored.",
        ),
        "Badge": obj(
            {
                "level": {"enum": ["ok", "warning", "danger", "none"]},
                "text": text("Toolbar badge text (may be empty).", maxLength=4),
                "color": text("CSS colour.", pattern="^#[0-9a-f]{6}$"),
                "title": text("One sentence for a tooltip."),
            },
            description="What every client shows; decided by the service.",
        ),
        "Model": obj({"name": {"type": "string"}, "version": {"type": "string"}}),
        "Evidence": obj(
            {
                "sentence": {"type": "string"},
                "score": {
                    "type": "number",
                    "description": "How close the sentence is to the headline, by `measure`.",
                },
                "measure": {
                    "enum": ["words", "meaning"],
                    "description": "words: shared words, IDF-weighted (0 to 1); meaning: the "
                    "sentence encoder's cosine (-1 to 1), used for a mismatch.",
                },
            }
        ),
        "CheckResult": obj(
            {
                "stance": {"enum": [*STANCES, None], "description": "null: cannot be judged."},
                "verdict": {"enum": list(VERDICTS)},
                "reason": {"enum": [*REASONS, None], "description": "Why the verdict is unknown."},
                "matches": {"type": ["boolean", "null"]},
                "confidence": {
                    **nullable(unit),
                    "description": "The probability behind the verdict; null when not judged, "
                    "and for a mismatch found by the story check alone (docs/model.md).",
                },
                "probabilities": nullable(obj({s: unit for s in STANCES})),
                "warning": {
                    "enum": ["mismatch", "contradicted", None],
                    "description": "Set only when confident enough for the sensitivity, or "
                    "(mismatch, normal and high) when neither the headline's meaning nor most of "
                    "its words are in the body.",
                },
                "mismatch_kind": {
                    "enum": ["different_story", "unrelated_topic", None],
                    "description": "With a mismatch warning: same topic, other story, or not.",
                },
                "sensitivity": {"enum": list(SENSITIVITIES)},
                "explanation": text("One plain sentence for the reader."),
                "evidence": {
                    "type": "array",
                    "items": ref("Evidence"),
                    "maxItems": 3,
                    "description": "Body sentences that best match the headline, best first; "
                    "for a mismatch, those closest in meaning (what the article is about "
                    "instead); for a contradiction, the denying sentence first (a contradiction "
                    "warning needs one).",
                },
                "badge": ref("Badge"),
                "model": ref("Model"),
                "truncated": {"type": "boolean", "description": "Title or body was cut."},
                "cached": {"type": "boolean", "description": "Answered from the result cache."},
                "elapsed_ms": {"type": "number", "minimum": 0},
            }
        ),
        "BatchRequest": obj(
            {
                "items": {
                    "type": "array",
                    "items": ref("CheckRequest"),
                    "minItems": 1,
                    "maxItems": config["BATCH_MAX"],
                }
            }
        ),
        "BatchItemResult": obj(
            {"index": {"type": "integer"}, "status": {"const": 200}, "result": ref("CheckResult")}
        ),
        "BatchItemError": obj(
            {"index": {"type": "integer"}, "status": {"const": 422}, "error": ref("Problem")}
        ),
        "BatchResponse": obj(
            {
                "results": {
                    "type": "array",
                    "items": {"oneOf": [ref("BatchItemResult"), ref("BatchItemError")]},
                },
                "model": ref("Model"),
                "elapsed_ms": {"type": "number", "minimum": 0},
            }
        ),
        "FeedbackRequest": obj(
            {
                "title": text("The page's headline.", minLength=1),
                "body": text("The article text.", minLength=1),
                "url": nullable(text("Stored without query string and fragment.")),
                "verdict": {"enum": list(VERDICTS), "description": "The verdict the reader saw."},
                "correct": {"type": "boolean", "description": "The reader says it was right."},
                "predicted_stance": {"enum": [*STANCES, None]},
                "stance": {"enum": [*STANCES, None], "description": "The right stance."},
                "share_text": {
                    "type": "boolean",
                    "description": "The reader agreed to share the page text (default false: "
                    "only a hash and the URL are kept).",
                },
                "model_version": nullable(text("Version that gave the verdict.", maxLength=200)),
                "kind": {
                    "enum": ["verdict", "headline", None],
                    "description": "verdict (default): about the verdict; headline: the text "
                    "judged was not the page's headline (stored apart, never a stance label).",
                },
                "headline_source": {
                    "enum": [*HEADLINE_SOURCES, None],
                    "description": "Where the client found the headline it judged.",
                },
            },
            ["title", "body", "verdict", "correct"],
            additional=True,
        ),
        "FeedbackStored": obj(
            {
                "id": {"type": "integer"},
                "stored_text": {"type": "boolean"},
                "content_sha256": text("SHA-256 of (title, body).", pattern="^[0-9a-f]{64}$"),
                "model_version": {"type": "string"},
                "created_at": text("UTC time.", format="date-time"),
            }
        ),
        "ModelCard": {
            "type": "object",
            "required": ["name", "version", "sha256"],
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "sha256": {"type": "string"},
                "thresholds": {"type": "object"},
            },
            "description": "The model card written by training; more keys than listed here.",
        },
        "Health": obj({"status": {"const": "ok"}}),
        "Ready": obj(
            {"status": {"const": "ready"}, "model": ref("Model"), "database": {"const": "ok"}}
        ),
        "Problem": obj(
            {
                "type": text("about:blank, or a link to the problem's description."),
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": obj({"field": {"type": "string"}, "message": {"type": "string"}}),
                    "description": "422 only: each offending field.",
                },
            },
            ["type", "title", "status", "detail"],
            description="RFC 9457 problem details.",
        ),
    }


def _problem_response(description: str, headers=None) -> dict:
    response = {"description": description, "content": {PROBLEM: {"schema": ref("Problem")}}}
    if headers:
        response["headers"] = headers
    return response


def _responses(config: Config) -> dict:
    retry = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
    return {
        "400": _problem_response("The body is not valid JSON."),
        "401": _problem_response(
            "An API key is configured and X-API-Key is missing or wrong.",
            {
                "WWW-Authenticate": {
                    "schema": {"type": "string"},
                    "description": "ApiKey realm=headline-check, header=X-API-Key",
                }
            },
        ),
        "413": _problem_response(
            f"The request is larger than {config['MAX_CONTENT_LENGTH']} bytes."
        ),
        "415": _problem_response("The body is not sent as application/json."),
        "422": _problem_response("A field is missing, of the wrong type, or empty."),
        "429": _problem_response(
            f"Rate limit ({config['RATELIMIT_DEFAULT']} pages per client, a batch spends one "
            "per item) exceeded.",
            retry,
        ),
        "503": _problem_response("Not ready: model or database unavailable."),
        "503-overloaded": _problem_response(
            f"Overloaded: the check would not be answered within {config['CHECK_DEADLINE']} s, "
            "or the queue is full.",
            retry,
        ),
        "503-store": _problem_response(
            "The feedback database cannot store now (full, read-only, down); nothing stored.",
            retry,
        ),
    }


INPUT_ERRORS = ("400", "401", "413", "415", "422", "429")


def spec(config: Config) -> dict:
    """The OpenAPI document for an app with this configuration (limits appear in the text)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Headline Check",
            "version": "1",
            "summary": "Does a news page's headline match the article under it?",
            "description": "Every error is application/problem+json (RFC 9457). Unknown routes "
            "give 404 and wrong methods 405, both as problem+json.",
        },
        "paths": {
            "/api/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check one page's headline against its article",
                    "requestBody": json_body("CheckRequest", EXAMPLE_CHECK),
                    "responses": {"200": ok("The verdict.", "CheckResult")}
                    | problems(*INPUT_ERRORS)
                    | {"503": {"$ref": "#/components/responses/503-overloaded"}},
                }
            },
            "/api/v1/check/batch": {
                "post": {
                    "operationId": "checkBatch",
                    "summary": f"Check up to {config['BATCH_MAX']} pages at once",
                    "description": "An invalid item gets its own 422 problem in results; "
                    "the other items are still checked.",
                    "requestBody": json_body("BatchRequest", {"items": [EXAMPLE_CHECK]}),
                    "responses": {"200": ok("One entry per item.", "BatchResponse")}
                    | problems(*INPUT_ERRORS)
                    | {"503": {"$ref": "#/components/responses/503-overloaded"}},
                }
            },
            "/api/v1/feedback": {
                "post": {
                    "operationId": "feedback",
                    "summary": "Record that a verdict was right or wrong",
                    "description": "Page text is stored only with share_text=true; otherwise "
                    "only its SHA-256 and the URL (without query and fragment).",
                    "requestBody": json_body(
                        "FeedbackRequest",
                        {
                            **EXAMPLE_CHECK,
                            "verdict": "mismatch",
                            "correct": False,
                            "stance": "discuss",
                            "share_text": True,
                        },
                    ),
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "description": "1 to 128 printable ASCII characters; a retry with "
                            "the same key stores nothing new and answers 200 with the first "
                            "answer.",
                            "schema": {"type": "string", "pattern": "^[!-~]{1,128}$"},
                        }
                    ],
                    "responses": {
                        "201": ok("Stored.", "FeedbackStored"),
                        "200": ok("Stored before (same Idempotency-Key).", "FeedbackStored"),
                    }
                    | problems(*INPUT_ERRORS)
                    | {"503": {"$ref": "#/components/responses/503-store"}},
                }
            },
            "/api/v1/model": {
                "get": {
                    "operationId": "model",
                    "summary": "The loaded model's card",
                    "responses": {"200": ok("The model card.", "ModelCard")}
                    | problems("401", "429"),
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "The process is alive",
                    "security": [],
                    "responses": {"200": ok("Alive.", "Health")},
                }
            },
            "/readyz": {
                "get": {
                    "operationId": "ready",
                    "summary": "The model is loaded and the database accepts writes",
                    "security": [],
                    "responses": {"200": ok("Ready.", "Ready")} | problems("503"),
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1 JSON."}},
                }
            },
            "/docs": {
                "get": {
                    "operationId": "docs",
                    "summary": "This API as a web page",
                    "security": [],
                    "responses": {"200": {"description": "HTML."}},
                }
            },
        },
        "components": {
            "schemas": _schemas(config),
            "responses": _responses(config),
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
        # The key is needed only when the deployment sets HEADLINE_CHECK_API_KEY.
        "security": [{}, {"apiKey": []}],
    }
