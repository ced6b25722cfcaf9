"""The benchmark behind `make bench`; not shipped in the site."""
