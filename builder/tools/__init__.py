"""Commands around the site: start an initiative, review a pull request, audit, publish."""
