"""Turn the modelled atlas into the site: public records, addresses, pages, pictures, maps."""
