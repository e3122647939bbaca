"""Relation rules: each module reads one family of relations out of a sentence,
and :mod:`extract.relations.inference` settles them at the level of the article."""
