"""Client-side scrubbing: the same rule the intake applies, so a secret never leaves the process."""

FILTERED = "[Filtered]"

# The intake's name rule, which testdata/scrubbing-cases.json holds both to: these exact names, and any name
# containing a fragment below, compared lowercased with "-" read as "_".
EXACT_NAMES = frozenset({"authorization", "cookie", "set_cookie", "x_monolynx_key"})
FRAGMENTS = ("password", "passwd", "secret", "token", "api_key", "apikey", "auth", "credential", "session", "private")


class Scrubber:
    """Decides which names look secret. Extra names from the options count like the built-in fragments:
    a name containing one (case-insensitively) is filtered."""

    def __init__(self, extra_names=()):
        self._fragments = FRAGMENTS + tuple(str(n).lower().replace("-", "_") for n in extra_names if n)

    def is_secret(self, name):
        # Headers arrive as "X-Api-Key" and variables as "API_KEY": compare with hyphens as underscores so
        # both spellings of a fragment match (filtering one name too many is the safe side).
        underscored = str(name).lower().replace("-", "_")
        return underscored in EXACT_NAMES or any(fragment in underscored for fragment in self._fragments)

    def scrub(self, mapping):
        """A copy of a name -> value mapping with secret-looking values replaced; values become strings."""
        return {str(k): (FILTERED if self.is_secret(k) else _text(v)) for k, v in mapping.items()}

    def scrub_data(self, data):
        """Request data (a parsed form or JSON document): secret-looking keys filtered at every depth."""
        if isinstance(data, dict):
            return {str(k): (FILTERED if self.is_secret(k) else self.scrub_data(v)) for k, v in data.items()}
        if isinstance(data, list):
            return [self.scrub_data(v) for v in data]
        return data


def _text(value):
    return value if isinstance(value, str) else str(value)
