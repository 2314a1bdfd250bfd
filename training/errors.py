"""The one exception a command raises for a problem in what the user asked for.

A model developer who gives too little data or the wrong file needs one line naming the
problem, not a traceback; ``training.cli.dispatch`` prints it and exits with status 2.
"""


class CommandError(Exception):
    """A problem with the command's input; its str is the whole message."""
