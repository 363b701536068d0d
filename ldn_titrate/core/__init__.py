"""The core: the data of a plan and the few things every layer needs, with no clinic rule in it.

What lives here: the pydantic models and fixed vocabularies of a plan (:mod:`.model`,
:mod:`.vocab`), the pure schedule engine (:mod:`.engine`, the one place that decides doses and
dates), the strict parsers of what people type (:mod:`.parsing`), the one dose and date formatter
(:mod:`.dosetext`), the errors and exit codes (:mod:`.errors`), exact-decimal JSON
(:mod:`.jsonio`), the atomic file writer (:mod:`.output`) and the one declaration of the shared
options (:mod:`.options`). It may import nothing else of ldn_titrate: the bottom layer.
"""
