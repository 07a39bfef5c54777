"""Partial credit: each blank's reason (why it differs, or that it is right) and what it earns.

The checker names every cause that reproduces a wrong number (``Cause.kind``); a blank is scored by
one reason, its rule, picked in this order: right; right up to carried rounding; follow-through
(right from the student's own earlier wrong number); then the student's own slip (sign, factor 2,
digit slip, stale weights, dropped path, truncated, another slip); unexplained. The teacher sets what
each rule earns (``CREDIT`` holds the defaults; ``[credit]`` in class.toml or ``[exercise.credit]``
in the exercise file overrides them), as a fraction of the blank's point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from nn.check.report import Cause, CheckRow

__all__ = ["CREDIT", "RULES", "BlankScore", "rule_of", "credit_rules", "score_row", "blank_score"]

# rule → (default credit, what it means in plain words)
RULES: dict[str, tuple[float, str]] = {
    "right": (1.0, "right"),
    "carried_rounding": (1.0, "right up to rounding carried from an earlier answer"),
    "follow_through": (0.75, "right from your own earlier answer"),
    "too_few_digits": (0.5, "too few digits"),
    "truncated": (0.75, "cut off instead of rounded"),
    "sign": (0.5, "the sign is wrong"),
    "factor_2": (0.5, "off by a factor 2"),
    "digit_slip": (0.5, "a digit slip"),
    "stale_weights": (0.25, "the wrong weights"),
    "dropped_path": (0.25, "a path of the chain rule is missing"),
    "other_slip": (0.25, "another recognised slip"),
    "unexplained": (0.0, "wrong, and not a slip the checker recognises"),
    "blank": (0.0, "left blank"),
}
CREDIT = {rule: credit for rule, (credit, _) in RULES.items()}
_RULE_OF_CAUSE = {
    "carried": "carried_rounding",
    "rounded-steps": "carried_rounding",
    "inherits": "follow_through",
    "truncated": "truncated",
    "sign": "sign",
    "loss-convention": "factor_2",
    "factor2": "factor_2",
    "half": "factor_2",
    "digit_slip": "digit_slip",
    "swapped": "digit_slip",
    "updated-weights": "stale_weights",
    "dropped_path": "dropped_path",
    "float32": "other_slip",
    "other_quantity": "other_slip",
    "premise": "other_slip",
    "off-by-one": "other_slip",
    "transposed": "other_slip",
    "biases": "other_slip",
    "learning_rate": "other_slip",
}
_ORDER = list(RULES)
# What the feedback says of a wrong number: the teacher's words for a rule, or the cause's own text
# (which names the numbers), after a lead where the cause's text alone would not say it is credit.
_OWN_WORDS = {
    "sign": "The sign is wrong",
    "stale_weights": "The wrong weights: the hidden δ must use the output weights before this step's "
    "update; yours uses them after it",
    "unexplained": "Not one of the usual slips: redo this step",
}
_LEADS = {
    "carried_rounding": "Right up to rounding carried from an earlier answer",
    "follow_through": "Right from your own earlier answer",
}


def _why(rule: str, cause: Cause | None) -> str:
    if rule in _OWN_WORDS:
        return _OWN_WORDS[rule]
    detail = cause.text if cause is not None else ""
    lead = _LEADS.get(rule)
    if lead:
        return f"{lead}: {detail}" if detail else lead
    return (detail[:1].upper() + detail[1:]) if detail else RULES[rule][1].capitalize()


def rule_of(causes: list[Cause], flipped: bool = False) -> tuple[str, Cause | None]:
    """The rule a wrong number is scored by, and the cause it comes from (earliest in ``RULES``).

    ``flipped``: the number has the opposite sign of the right one. The checker then names a carried
    number "carried ... and its sign flipped" with the kind "carried"; that is a sign slip on top of
    the rounding, scored as one.
    """
    found = [(_RULE_OF_CAUSE.get(c.kind, "unexplained"), c) for c in causes]
    if flipped:
        found = [("sign" if rule == "carried_rounding" else rule, c) for rule, c in found]
    if not found:
        return "unexplained", None
    return min(found, key=lambda rc: _ORDER.index(rc[0]))


def credit_rules(*overrides: dict[str, float] | None) -> dict[str, float]:
    """The defaults with each override applied in turn; an unknown rule is an error (a typo)."""
    rules = dict(CREDIT)
    for given in overrides:
        for name, value in (given or {}).items():
            if name not in rules:
                raise ValueError(f"no credit rule {name!r}; the rules are {', '.join(rules)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f"credit rule {name} = {value!r}: give a fraction from 0 to 1")
            rules[name] = float(value)
    return rules


@dataclass
class BlankScore:
    """One blank of one hand-in: what was written, what it should read, why, and the credit."""

    number: int
    label: str
    answer: str | None
    should_read: str
    rule: str
    credit: float
    feedback: str
    causes: list[str] = field(default_factory=list)
    source: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "blank": self.number,
            "label": self.label,
            "answer": self.answer,
            "should_read": self.should_read,
            "rule": self.rule,
            "credit": self.credit,
            "causes": self.causes,
            "feedback": self.feedback,
            "source": self.source,
        }


def _too_few_digits(row: CheckRow, right: str) -> bool:
    """A matching answer printed with fewer digits than asked (unless it is the right one, exactly)."""
    asked = Decimal(right).as_tuple().exponent
    return row.printed.exponent > int(asked) and row.printed.value != Decimal(right)


def score_row(
    number: int, label: str, right: str, row: CheckRow, rules: dict[str, float], rule: str | None = None
) -> BlankScore:
    """A blank the student answered: the checker's row for it, with its causes (``rule``: scored by
    this rule instead of the one the causes give)."""
    wrote = row.printed.text.strip()
    cause = None
    if rule is not None:
        pass
    elif row.verdict == "match":
        rule = "too_few_digits" if _too_few_digits(row, right) else "right"
    else:
        flipped = (
            row.engine != 0.0 and (row.printed.value < 0) != (row.engine < 0) and row.printed.value != 0
        )
        rule, cause = rule_of(row.causes, flipped)
    credit = rules[rule]
    if rule == "right":
        text = f"{label}: {wrote} is right."
    elif rule == "too_few_digits":
        text = f"{label}: {wrote} has too few digits; it should read {right}."
    else:
        text = f"{label}: you wrote {wrote}; it should read {right}. {_why(rule, cause)}."
    return BlankScore(
        number,
        label,
        wrote,
        right,
        rule,
        credit,
        f"{text} Credit {credit:g}.",
        [c.kind for c in row.causes],
        row.source,
    )


def blank_score(
    number: int, label: str, right: str, rules: dict[str, float], why: str = "", answer: str | None = None
) -> BlankScore:
    """A blank with no number to check: left empty, or written so that it cannot be read (``why``)."""
    text = (
        f"{label}: left blank; it should read {right}."
        if not why
        else f"{label}: {why}; it should read {right}."
    )
    return BlankScore(
        number, label, answer, right, "blank", rules["blank"], f"{text} Credit {rules['blank']:g}."
    )
