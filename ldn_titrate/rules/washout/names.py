"""Opioids by the names a clinician has in front of them: drug names, brand names, combinations
and extended-release forms, mapped to the washout classes of a policy.

A name resolves to one canonical drug name, and that name to a chain of classes, most specific
first: a policy's ``opioid_class_days`` judges the drug by the first class of its chain it lists
(so a clinic may give methadone its own days), and by the general ``opioid_free_days`` when it
lists none. The long-acting class follows FACTS.md: the naltrexone label's two weeks for
buprenorphine and methadone, "by the same reasoning" transdermal fentanyl and extended-release
forms. Pure data and string work: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ldn_titrate.core.errors import did_you_mean

LONG_ACTING = "long-acting"
TRAMADOL = "tramadol"

# Canonical drug name → its classes after itself (the general class is implied at the end).
DRUGS: dict[str, tuple[str, ...]] = {
    "methadone": (LONG_ACTING,),
    "buprenorphine": (LONG_ACTING,),
    # Fentanyl as a patch lasts days; a bare "fentanyl" is read as the cautious, long form.
    "fentanyl-patch": ("fentanyl", LONG_ACTING),
    "fentanyl": (LONG_ACTING,),
    "oxycodone-er": ("oxycodone", LONG_ACTING),
    "morphine-er": ("morphine", LONG_ACTING),
    "hydromorphone-er": ("hydromorphone", LONG_ACTING),
    "hydrocodone-er": ("hydrocodone", LONG_ACTING),
    "tapentadol-er": ("tapentadol", LONG_ACTING),
    "oxymorphone-er": ("oxymorphone", LONG_ACTING),
    "tramadol": (),
    "tramadol-er": (TRAMADOL,),
    "oxycodone": (),
    "morphine": (),
    "hydromorphone": (),
    "hydrocodone": (),
    "tapentadol": (),
    "oxymorphone": (),
    "codeine": (),
    "dihydrocodeine": (),
    "pethidine": (),
    "levorphanol": (),
    "pentazocine": (),
    "butorphanol": (),
    "nalbuphine": (),
    "dextropropoxyphene": (),
    "tilidine": (),
    "diamorphine": (),
    "opium": (),
    "sufentanil": (),
    "remifentanil": (),
    "alfentanil": (),
}

# Other names (brands, synonyms) → canonical drug name. Keys are normalised (see `_key`).
ALIASES: dict[str, str] = {
    # long-acting
    "dolophine": "methadone",
    "methadose": "methadone",
    "physeptone": "methadone",
    "suboxone": "buprenorphine",
    "subutex": "buprenorphine",
    "zubsolv": "buprenorphine",
    "sublocade": "buprenorphine",
    "brixadi": "buprenorphine",
    "buvidal": "buprenorphine",
    "butrans": "buprenorphine",
    "belbuca": "buprenorphine",
    "transtec": "buprenorphine",
    "espranor": "buprenorphine",
    "probuphine": "buprenorphine",
    "duragesic": "fentanyl-patch",
    "durogesic": "fentanyl-patch",
    "oxycontin": "oxycodone-er",
    "xtampza": "oxycodone-er",
    "xtampza-er": "oxycodone-er",
    "targin": "oxycodone-er",
    "ms-contin": "morphine-er",
    "mst-continus": "morphine-er",
    "kadian": "morphine-er",
    "avinza": "morphine-er",
    "arymo": "morphine-er",
    "embeda": "morphine-er",
    "zomorph": "morphine-er",
    "exalgo": "hydromorphone-er",
    "jurnista": "hydromorphone-er",
    "hysingla": "hydrocodone-er",
    "hysingla-er": "hydrocodone-er",
    "zohydro": "hydrocodone-er",
    "zohydro-er": "hydrocodone-er",
    "nucynta-er": "tapentadol-er",
    "palexia-sr": "tapentadol-er",
    "opana-er": "oxymorphone-er",
    # tramadol
    "ultram": "tramadol",
    "ultracet": "tramadol",
    "tramal": "tramadol",
    "zydol": "tramadol",
    "conzip": "tramadol-er",
    "ultram-er": "tramadol-er",
    # short-acting (the general class)
    "roxicodone": "oxycodone",
    "oxynorm": "oxycodone",
    "percocet": "oxycodone",
    "endocet": "oxycodone",
    "percodan": "oxycodone",
    "oxaydo": "oxycodone",
    "sevredol": "morphine",
    "oramorph": "morphine",
    "dilaudid": "hydromorphone",
    "vicodin": "hydrocodone",
    "norco": "hydrocodone",
    "lortab": "hydrocodone",
    "nucynta": "tapentadol",
    "palexia": "tapentadol",
    "opana": "oxymorphone",
    "tylenol-3": "codeine",
    "tylenol-with-codeine": "codeine",
    "co-codamol": "codeine",
    "co-dydramol": "dihydrocodeine",
    "meperidine": "pethidine",
    "demerol": "pethidine",
    "talwin": "pentazocine",
    "heroin": "diamorphine",
    "actiq": "fentanyl",
    "abstral": "fentanyl",
    "fentora": "fentanyl",
}

# Written after a drug name: its extended-release or transdermal form.
_ER_SUFFIXES = ("er", "xr", "sr", "cr", "la", "xl", "mr", "cd", "extended-release", "ir-er")
_PATCH_WORDS = ("patch", "transdermal", "td")

# Not opioids, though typed for one: a drug that acts on opioid receptors without being an opioid
# this screen is about (loperamide stays in the gut; naloxone and naltrexone block them), or a
# cough medicine named like one. In a combination they are the other part (Suboxone's naloxone).
NOT_OPIOIDS: frozenset[str] = frozenset(
    {
        "loperamide",
        "imodium",
        "naloxone",
        "narcan",
        "naltrexone",
        "ldn",
        "revia",
        "vivitrol",
        "nalmefene",
        "methylnaltrexone",
        "relistor",
        "naloxegol",
        "dextromethorphan",
        "dxm",
        "eluxadoline",
        "diphenoxylate",
        "lomotil",
    }
)
# The other parts of a combination product, dropped when an opioid is named beside them.
_PARTNERS: frozenset[str] = NOT_OPIOIDS | {
    "acetaminophen",
    "paracetamol",
    "apap",
    "ibuprofen",
    "aspirin",
    "naproxen",
    "promethazine",
    "guaifenesin",
    "caffeine",
}


class UnknownOpioid(ValueError):
    """A name that is no opioid this policy screens for; ``str()`` is the message's tail."""


@dataclass(frozen=True)
class Resolved:
    """A name as typed, resolved: the canonical name recorded on the plan and its classes."""

    name: str
    classes: tuple[str, ...]


def _key(text: str) -> str:
    word = text.strip().lower().replace("®", "").replace("™", "")
    return re.sub(r"[\s_.]+", "-", word).strip("-")


def chain(name: str) -> tuple[str, ...]:
    """The classes that may judge ``name``, most specific first (the name itself leads)."""
    return (name, *DRUGS.get(name, ()))


def _drug(key: str) -> str | None:
    """A canonical drug name from a normalised single name (a drug, brand or form), or None."""
    if key in DRUGS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    for word in _PATCH_WORDS:
        for base in (key.removesuffix(f"-{word}"), key.removeprefix(f"{word}-")):
            if base != key and _drug(base) in ("fentanyl", "fentanyl-patch"):
                return "fentanyl-patch"
            if base != key and _drug(base) == "buprenorphine":
                return "buprenorphine"
    for suffix in _ER_SUFFIXES:
        base = key.removesuffix(f"-{suffix}")
        if base != key:
            found = _drug(base)
            if found is not None and f"{found}-er" in DRUGS:
                return f"{found}-er"
            if found is not None and found.endswith("-er"):
                return found
    return None


def known_names(classes: tuple[str, ...]) -> list[str]:
    """Every name a person may type: the policy's classes, drug names and brand names."""
    return sorted({*classes, *DRUGS, *ALIASES})


def resolve(text: str, classes: tuple[str, ...]) -> Resolved:
    """The drug (or class) ``text`` names; ``classes`` are the policy's own class names.

    Raises :class:`UnknownOpioid` for a non-opioid, a misspelling (with its nearest name) or an
    unknown name (with the accepted ones).
    """
    key = _key(text)
    if key in classes and key not in DRUGS and key not in ALIASES:
        return Resolved(key, (key,))
    found = _drug(key)
    if found is None and key not in NOT_OPIOIDS:
        found = _combination(key)
    if found is not None:
        return Resolved(found, chain(found))
    if key in NOT_OPIOIDS or all(part in _PARTNERS for part in _parts(key) if part):
        raise UnknownOpioid("is not an opioid this policy screens for")
    suggestion = did_you_mean(key, [*known_names(classes), *NOT_OPIOIDS])  # the house rule
    if suggestion:
        raise UnknownOpioid(f"is not a name this policy knows{suggestion}")
    groups = ", ".join(sorted(classes)) or "none"
    drugs = ", ".join(sorted(DRUGS))
    raise UnknownOpioid(
        f"is not a name this policy knows; give a class ({groups}), a drug ({drugs}) or a "
        "brand name (such as OxyContin, Suboxone, Duragesic)"
    )


def _parts(key: str) -> list[str]:
    return re.split(r"/|\+|-and-|-with-|&", key)


def _combination(key: str) -> str | None:
    """The one opioid of a combination (buprenorphine/naloxone, oxycodone-acetaminophen)."""
    for suffix in _ER_SUFFIXES:  # "oxycodone/naloxone ER": the form is the product's
        base = key.removesuffix(f"-{suffix}")
        found = _combination(base) if base != key else None
        if found is not None:
            return found if found.endswith("-er") else _drug(f"{found}-er")
    parts = [part.strip("-") for part in _parts(key)]
    if len(parts) == 1:  # "buprenorphine-naloxone": a hyphen may join the two names
        words = key.split("-")
        splits = [("-".join(words[:i]), "-".join(words[i:])) for i in range(1, len(words))]
        parts = next(([a, b] for a, b in splits if a in _PARTNERS or b in _PARTNERS), parts)
    named = [_drug(part) for part in parts if part not in _PARTNERS]
    opioids = [name for name in named if name is not None]
    if not opioids or len(opioids) != len(named):
        return None
    # Two opioids in one product: judged by the long-acting one, if any.
    return max(opioids, key=lambda name: LONG_ACTING in chain(name))
