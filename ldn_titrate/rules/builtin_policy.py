"""The built-in clinic policy: bounds, formulation settings and presets, with their sources.

Numbers come from shared/reference/FACTS.md; each is the conservative end where sources differ.
A clinic's TOML file is merged onto this (see :func:`ldn_titrate.rules.policy_file.load_file`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

# The built-in policy. Numbers and sources: shared/reference/FACTS.md.
BUILT_IN_POLICY: dict[str, Any] = {
    "name": "ldn-titrate built-in policy",
    # 0.025 mg: fine enough for 0.1 mg starts, 0.25 mg steps and a quarter of a 4.5 mg capsule.
    "resolution_mg": Decimal("0.025"),
    "max_steps": 24,
    # Phases of a climb (--phase): two or three are what published regimens use.
    "max_phases": 4,
    # --also: some prescribers add a daytime dose or split a dose (LDN Research Trust, FACTS.md
    # "Taking it"): two doses a day at most, and a day's total within the ceiling's maximum.
    "max_doses_per_day": 2,
    "max_daily_mg": 6,
    # --maintain ongoing: maintenance "usually continues after titration; the plan's end is a
    # review, not a stop" (FACTS.md "Taking it"). A review after about three months; reminders
    # go on two weeks past it while the review is booked.
    "ongoing": {"review_after_nights": 91, "grace_nights": 14},
    "default_preset": "standard",
    "bounds": {
        # Usual start 1–1.5 mg; 0.1–0.5 mg for sensitive patients (treatment-guide; LDN Research
        # Trust). Above 1.5 mg is unusual enough to warn.
        "start_dose": {"min_mg": Decimal("0.1"), "max_mg": 3, "warn_above_mg": Decimal("1.5")},
        # Steps of 0.25–1.5 mg are seen; 1 mg is usual (treatment-guide).
        "step": {"min_mg": Decimal("0.1"), "max_mg": Decimal("1.5")},
        # Every 1–2 weeks is usual; 3–30 days seen, some practices monthly (hdrx.com).
        "interval": {"min_nights": 3, "max_nights": 28},
        # "Some increase monthly" (hdrx.com, long COVID): one calendar month at most by default.
        "interval_months": {"min_months": 1, "max_months": 1},
        # Target 3–5 mg, 4.5 mg common; 6 mg studied (Bruun-Plesner 2020): warn above 4.5 mg.
        "ceiling": {"min_mg": Decimal("0.5"), "max_mg": 6, "warn_above_mg": Decimal("4.5")},
        "maintain": {"min_nights": 7, "max_nights": 182},
        "start_date": {
            "earliest": date(2000, 1, 1),
            "latest": date(2099, 12, 31),
            "warn_days_from_today": 365,
        },
    },
    # Formulations (FACTS.md "Formulations"): compounded oral liquid measured with an oral
    # syringe, or capsules in fixed strengths; a 4.5 mg capsule may be sold split for titration.
    "formulation": {
        # Oral syringe marks: 1 mL every 0.01 mL, 3 mL every 0.1 mL (RMIT syringe-reading
        # guide, as quoted in public nursing material); 5 mL syringes are marked every 0.1 mL or
        # 0.2 mL depending on the maker: a clinic whose 5 mL syringes step 0.2 mL sets that.
        # One fill per dose; a clinic may allow repeat draws of a syringe with max_draws.
        "syringes": [
            {"size_ml": 1, "graduation_ml": Decimal("0.01")},
            {"size_ml": 3, "graduation_ml": Decimal("0.1")},
            {"size_ml": 5, "graduation_ml": Decimal("0.1")},
        ],
        # At 5 mg/mL one 0.01 mL mark is already 0.05 mg: below 0.1 mL is not measured.
        "min_volume_ml": Decimal("0.1"),
        "bottle_sizes_ml": [30, 60, 120, 240],
        # For priming the syringe and spills.
        "overage_percent": 10,
        # Beyond-use date of a compounded oral liquid.
        "beyond_use_days": 30,
        "capsule_strengths_mg": [Decimal("0.5"), 1, Decimal("1.5"), 3, Decimal("4.5")],
        "splits": [],
        "max_capsules_per_dose": 3,
    },
    # Safety screen (FACTS.md "Safety"): LDN blocks opioid analgesics; 7–10 opioid-free days
    # first is the usual advice, so 10, the conservative end, for short-acting opioids and
    # tramadol. The naltrexone (Vivitrol) label: patients coming from buprenorphine or methadone
    # "may be vulnerable to precipitation of withdrawal symptoms for as long as two weeks", so
    # the long-acting class (methadone, buprenorphine by any route, transdermal fentanyl and
    # extended-release oxycodone, morphine, hydromorphone, hydrocodone and tapentadol: the drug
    # names are mapped in rules/washout/names.py) waits 14. Pregnancy, breastfeeding, thyroid
    # replacement and immunosuppression call for caution; a planned surgery may need opioids
    # (Goel et al. 2024).
    "safety": {
        "opioid_free_days": 10,
        "opioid_class_days": {"long-acting": 14, "tramadol": 10},
        "current_opioids": "refuse",
        "washout_too_short": "refuse",
        "opioids_not_recorded": "warn",
        # LDN-free nights before a procedure where opioids are expected (adjust --opioids
        # planned:DATE): FACTS.md "Perioperative" (Goel et al. 2024, Anesthesiology): every
        # guideline found stops naltrexone before surgery, oral naltrexone usually 2-3 days
        # (Australasian Anaesthesia 2023: 3 days); the cautious end of the usual hold.
        "nights_before_procedure": 3,
        "cautions": {
            "pregnancy": "warn",
            "breastfeeding": "warn",
            "thyroid-replacement": "warn",
            "immunosuppressed": "warn",
            "surgery-planned": "warn",
        },
    },
    # Limits on changing a running plan (`adjust`): FACTS.md says step back when an increase is
    # not tolerated and hold until side effects settle; these caps keep a plan reviewable.
    "adjust": {"max_step_backs": 3, "max_hold_nights": 28},
    # The prescription pack (FACTS.md "Prescriptions and orders"): a liquid fill is rounded up
    # to whole 5 mL (what a pharmacy measures and labels), capsules to whole capsules; a records
    # system's taper order takes up to 7 dose lines in one large US system.
    "prescription": {"fill_unit_ml": 5, "fill_unit_capsules": 1, "max_order_lines": 7},
    # Titrate to response (issue 26): what a check-in may lead the rules to propose; a proposal
    # is for the prescriber, never an action (adjust --accept applies one). Fixed rules that no
    # policy can change (rash, allergic reaction, severe "other", opioid use: review) live in
    # rules/gates_fixed.py. An interval range is printed at its upper bound ("clinician").
    "gates": {
        "interval_mode": "clinician",
        "ratings": [],
        "rules": [
            {
                "name": "review-severe",
                "source": "comprehensive-guide article (FACTS.md Safety): severe reactions mean "
                "stop and call, never a dose change the patient makes alone",
                "when": {"side_effect": "any", "at_least": "severe"},
                "propose": "review",
            },
            {
                "name": "step-back-persisting",
                "source": "LDN Research Trust; Kresser Institute (FACTS.md Taking it): if symptoms "
                "worsen after an increase, go back to the previous dose",
                "when": {"side_effect": "any", "at_least": "moderate", "lasting_nights": 7},
                "propose": "step-back",
            },
            {
                "name": "step-back-pain-worse",
                "source": "LDN Research Trust (FACTS.md Taking it): worse after an increase, go "
                "back; 30 % is IMMPACT's moderately important change (Dworkin 2008)",
                "when": {"rating": "pain", "change_percent": 30, "of_last": [2, 2]},
                "propose": "step-back",
            },
            {
                "name": "hold-while-moderate",
                "source": "LDN Research Trust (FACTS.md Taking it): increase again only after side "
                "effects settle; treatment-guide: a slower titration",
                "when": {"side_effect": "any", "at_least": "moderate"},
                "propose": "hold 7",
            },
            {
                "name": "hold-missed-doses",
                "source": "treatment-guide (FACTS.md Taking it): the same time every night; a "
                "dose not taken has not been tried",
                "when": {"missed_doses": 3},
                "propose": "hold 7",
            },
            {
                "name": "review-no-checkin",
                "source": "what-is-ldn article: keep a journal of symptoms and side effects for "
                "the prescriber to assess",
                "when": {"no_checkin_nights": 21},
                "propose": "review",
            },
            {
                "name": "advance-when-settled",
                "source": "treatment-guide: +1 mg every 1 to 2 weeks until an effective dose; LDN "
                "Research Trust: increase once side effects settle (a range's lower bound)",
                "when": {"side_effect": "any", "below": "moderate", "of_last": [2, 2]},
                "propose": "advance",
            },
        ],
    },
    "presets": {
        "standard": {
            "description": "1.5 mg, rising 1 mg every 2 weeks to 4.5 mg",
            # treatment-guide article: start 1–1.5 mg, +1 mg every 1–2 weeks, 4.5 mg target.
            "source": "LDN treatment guide (article): start 1–1.5 mg, +1 mg every 1–2 weeks",
            "start_dose_mg": Decimal("1.5"),
            "step_mg": 1,
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "three-step": {
            "description": "1.5 mg, 3 mg, then 4.5 mg, 2 weeks each",
            "source": "lavenderskyhealth naltrexone summary; hdrx chronic pain dosing",
            "start_dose_mg": Decimal("1.5"),
            "step_mg": Decimal("1.5"),
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "weekly": {
            "description": "1 mg, rising 1 mg every week to 4.5 mg",
            "source": "LDN treatment guide (article): +1 mg every 1–2 weeks",
            "start_dose_mg": 1,
            "step_mg": 1,
            "interval_nights": 7,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "gentle": {
            "description": "0.5 mg, rising 0.5 mg every week to 4.5 mg (sensitive patients)",
            "source": "LDN Research Trust: sensitive start, +0.5 mg every 7 days",
            "start_dose_mg": Decimal("0.5"),
            "step_mg": Decimal("0.5"),
            "interval_nights": 7,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "autoimmune": {
            "description": "0.5 mg, rising 1 mg every 2 weeks to 4.5 mg",
            "source": "Autoimmune regimen: 0.5–1 mg for 14 days, then +0.5–1 mg every 2 weeks",
            "start_dose_mg": Decimal("0.5"),
            "step_mg": 1,
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "three-step-weekly": {
            "description": "1.5 mg, 3 mg, then 4.5 mg, 1 week each",
            # FACTS.md presets: 1.5, 3, then 4.5 mg, each step 7–14 days (lavenderskyhealth
            # naltrexone summary; hdrx chronic pain dosing); this is the 7-day end.
            "source": "lavenderskyhealth naltrexone summary; hdrx chronic pain dosing (7 days)",
            "doses_mg": [Decimal("1.5"), 3, Decimal("4.5")],
            "interval_nights": 7,
            "maintain_nights": 28,
        },
        "ladder": {
            "description": "1 mg, 2 mg, 3 mg, then 4.5 mg, 2 weeks each",
            # treatment-guide article: "increasing the dose by 1 mg every 1 to 2 weeks, perhaps
            # moving to 2 mg, then 3 mg", to an effective dose often 3–5 mg; 4.5 mg is the common
            # target (FACTS.md doses), reached from 3 mg in one step of 1.5 mg.
            "source": "LDN treatment guide (article): 1 mg, then 2 mg, then 3 mg; 4.5 mg target",
            "doses_mg": [1, 2, 3, Decimal("4.5")],
            "interval_nights": 14,
            "maintain_nights": 28,
        },
    },
}
