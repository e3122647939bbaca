"""Text to facts to RDF: article readers, the spaCy pipeline and its components,
temporal normalisation, entity resolution and the facts-to-RDF mapping.

This layer never imports ``app`` and does no file, network or environment I/O:
it is handed text and gives back facts and quads.
"""
