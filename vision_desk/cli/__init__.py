"""The command line: ``vision-desk COMMAND``."""
