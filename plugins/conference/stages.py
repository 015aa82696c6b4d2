"""The conference plugin's stages, announced as Pelican announces its generators' stages.

Sender: the :class:`~.generator.ConferenceGenerator`; its run's context holds the
results (:data:`plugins.core.keys.CONFERENCE`, ``EDITIONS``, ``PEOPLE``, ``SESSIONS``).
Consumers wait with :func:`plugins.core.stages.after`, never on the order of ``PLUGINS``.
"""

from blinker import signal

#: every edition, session and person is loaded, checked and in the context; posts are
#: linked to their authors and editions (``post.people``, ``post.edition``)
conference_generator_finalized = signal("conference_generator_finalized")

#: asked once per build for more schedule file formats: each receiver returns an
#: :class:`~plugins.conference.exports.registry.Exporter` subclass or a list of them
#: (see :func:`plugins.conference.api.register_exporter`)
conference_exporters = signal("conference_exporters")
