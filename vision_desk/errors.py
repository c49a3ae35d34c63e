"""The one exception hierarchy.

A ``UserError`` is expected: a bad file, an unknown reference, a locked store. It
carries a sentence for the officer and is shown as such. Anything else is a bug and
goes to the crash handler and the log.
"""


class UserError(Exception):
    """An expected error, with a message written for the officer."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else "Something went wrong."


class NotFoundError(UserError):
    """An unknown clause reference, note id, agreement or round."""


class AgreementFileError(UserError):
    """An agreement file that cannot be imported; the message names file and line."""


class StoreError(UserError):
    """The store cannot be used as asked: foreign, newer, locked, damaged or full."""


class DamagedStoreError(StoreError):
    """The store file is damaged: the cue to set it aside and restore a backup."""


class NothingToUndoError(UserError):
    """Undo or redo asked for when there is nothing to undo or redo."""


class ConflictError(UserError):
    """A change made on what someone else has changed since it was read: refused,
    nothing written. ``theirs`` is what is there now, for the officer to choose."""

    def __init__(self, message: str, theirs: object = None) -> None:
        super().__init__(message)
        self.theirs = theirs
