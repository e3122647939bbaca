"""How the graph is asked: named SPARQL queries, graph views and export writers."""
