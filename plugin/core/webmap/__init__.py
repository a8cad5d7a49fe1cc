"""公众查阅 web page: the data it publishes (Qt-free) and the folder it is written to."""
