"""The patient-language catalogs: the English message template (``ldn_titrate.pot``, extracted
from the renderers) and one reviewed ``.po`` per shipped language. Data only; imports nothing.
"""
