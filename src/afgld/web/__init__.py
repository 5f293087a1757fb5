"""The web application: dereferenceable IRIs, SPARQL endpoint, dumps, dataset description."""
