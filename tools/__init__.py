"""Developer tools (not shipped in the plugin zip); run them as ``python -m tools.<name>``."""
