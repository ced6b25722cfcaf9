"""Solidarity Atlas: a static site built from initiative folders.

The layers, in the one direction data flows:
- `builder.data`: read, check and explain initiative files, and model the valid ones.
- `builder.site`: the public record, addresses, pages, pictures and maps of the site.
- `builder.tools`: commands around the site: scaffolding, pull-request checks, the audit.
`pipeline` is the recipe that joins them; `plugin` is the only MkDocs code.
"""
