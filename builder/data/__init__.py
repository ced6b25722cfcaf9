"""Read, check, explain and model initiatives. No HTML, no MkDocs, nothing of the site."""
