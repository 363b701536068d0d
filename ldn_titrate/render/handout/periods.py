"""The handout's sentences that name the plan's period (``measure.period``: night, morning or
day), each written out once per period, never pieced together from a word, so a language can
say each its own way (split from :mod:`words`).
"""

from __future__ import annotations

from ldn_titrate.core.language import N_

# Each sentence that names the period, once per period (measure.period).
TICK_HINTS = {
    "night": N_("Tick the box each night after you take your dose."),
    "morning": N_("Tick the box each morning after you take your dose."),
    "day": N_("Tick the box each day after you take your dose."),
}
ONLY_THE_DOSE = {
    "night": N_(
        "Take only the dose shown for that night. The dose goes up in small steps, "
        "so look at your calendar every night."
    ),
    "morning": N_(
        "Take only the dose shown for that morning. The dose goes up in small steps, "
        "so look at your calendar every morning."
    ),
    "day": N_(
        "Take only the dose shown for that day. The dose goes up in small steps, "
        "so look at your calendar every day."
    ),
}
TICK_POINT = {
    "night": N_(
        "Tick the box on the calendar after you take your dose. "
        "Then you will know you did not miss a night or take it twice."
    ),
    "morning": N_(
        "Tick the box on the calendar after you take your dose. "
        "Then you will know you did not miss a morning or take it twice."
    ),
    "day": N_(
        "Tick the box on the calendar after you take your dose. "
        "Then you will know you did not miss a day or take it twice."
    ),
}
STOPPED_POINT = {
    "night": N_(
        "Your prescriber has stopped LDN. Your last dose is on {last}. "
        "Do not take LDN after that night. Your review is on {review}."
    ),
    "morning": N_(
        "Your prescriber has stopped LDN. Your last dose is on {last}. "
        "Do not take LDN after that morning. Your review is on {review}."
    ),
    "day": N_(
        "Your prescriber has stopped LDN. Your last dose is on {last}. "
        "Do not take LDN after that day. Your review is on {review}."
    ),
}
LAST_POINT = {
    "night": N_(
        "The last planned night is {last}. {keep} "
        "Most people keep taking LDN after the plan ends; your prescriber will review it."
    ),
    "morning": N_(
        "The last planned morning is {last}. {keep} "
        "Most people keep taking LDN after the plan ends; your prescriber will review it."
    ),
    "day": N_(
        "The last planned day is {last}. {keep} "
        "Most people keep taking LDN after the plan ends; your prescriber will review it."
    ),
}
