"""The refusal of an upload, shared by the file checks and the image cleaning below them."""


class UploadError(Exception):
    """A refusal the citizen can read: `message` is Vietnamese (or the chosen language)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
