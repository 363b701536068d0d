"""The calendar family: a plan as an iCalendar file (RFC 5545) for a patient's phone.

What lives here: when each night's dose is taken (:mod:`.timing`), which events the calendar holds
and what each says (:mod:`.events`), each event's identity across revisions (:mod:`.revisions`)
and the serialiser (:mod:`.ics`, the only module that imports icalendar). It may import core,
clinic rules and the rest of render; never plans or the command line.
"""
