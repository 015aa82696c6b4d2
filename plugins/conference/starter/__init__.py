"""``invoke new-conference``: replace the sample conference with a minimal one of your own.

:mod:`.sample` knows which files are the sample (a digest list shipped beside this module,
so the check works without git), :mod:`.texts` holds the starter texts per language and
:mod:`.create` writes the new content; ``python -m plugins.conference.starter`` runs it.
"""
