"""Reading an uploaded bundle (YAML or JSON) together with the line each value is on, so a problem
found later by path (rules.fees[0].amount) can tell the admin which line of the file to fix."""

import bisect
import json
import re

import yaml

YAML, JSON = "yaml", "json"
FORMATS = (YAML, JSON)
_SPACE = re.compile(r"[ \t\n\r]*")
_LONG_DIGITS = re.compile(r"\d{1000,}")  # json.loads refuses integers past 4,300 digits
_LAST_STEP = re.compile(r"(^|\.)[^.\[\]]*$|\[\d+\]$")  # the last key or [index] of a dotted path


class SyntaxProblem(ValueError):
    """The file cannot be read at all: `line` (1-based, or None) and `kind` for the wording:
    syntax (with `detail`, the parser's own words), alias, nesting."""

    def __init__(self, kind, line=None, detail=""):
        super().__init__(f"line {line}: {kind} {detail}".strip())
        self.kind, self.line, self.detail = kind, line, detail


def guess_format(text):
    """JSON when the text starts as a JSON object does; YAML otherwise (whatever the file's name)."""
    return JSON if text.lstrip().startswith(("{", "[")) else YAML


def read_bundle(text, fmt=None):
    """(data, locations): the parsed file and {dotted path: 1-based line} for every key and list item.
    Raises SyntaxProblem when the file is not well-formed."""
    fmt = fmt or guess_format(text)
    if fmt == JSON:
        return _read_json(text)
    return _read_yaml(text)


def line_of(path, locations):
    """The line of `path`, or of its nearest ancestor that is in the file (a missing key is reported on
    the line of the mapping that lacks it); None when nothing matches."""
    while path not in locations:
        shorter = _LAST_STEP.sub("", path)
        if shorter == path:
            return None
        path = shorter
    return locations[path]


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


def _read_yaml(text):
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere (NUL, other controls)
        line = text.count("\n", 0, exc.position) + 1
        raise SyntaxProblem("syntax", line, f"unacceptable character #x{exc.character:04x}") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        locations = {"": node.start_mark.line + 1}
        _walk_yaml(node, "", locations, set())
        return _construct(loader, node), locations
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SyntaxProblem("syntax", mark.line + 1 if mark else None, exc.problem or "") from None
    except yaml.YAMLError as exc:
        raise SyntaxProblem("syntax", None, str(exc)) from None
    except RecursionError:
        raise SyntaxProblem("nesting") from None
    finally:
        loader.dispose()


def _construct(loader, node):
    """The document's data. A value YAML reads but Python cannot hold (2026-02-30, an integer of
    thousands of digits) is a syntax problem on the line of that value."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError) as exc:
        raise SyntaxProblem("syntax", _unreadable_line(node), str(exc)[:200]) from None


def _unreadable_line(root):
    """The 1-based line of the first scalar that cannot be read on its own, or None."""
    loader = yaml.SafeLoader("")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in reversed(node.value) for part in reversed(pair)]
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
        else:
            try:
                loader.construct_object(node)
            except (ValueError, OverflowError):
                return node.start_mark.line + 1
    return None


def _walk_yaml(node, path, locations, seen):
    """Note the line of every key and list item. An alias (*name) reuses a node: refused, since a few
    aliases of aliases expand to more data than any memory holds."""
    if id(node) in seen:
        raise SyntaxProblem("alias", node.start_mark.line + 1)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            where = _join(path, key_node.value if isinstance(key_node, yaml.ScalarNode) else "?")
            locations.setdefault(where, key_node.start_mark.line + 1)
            _walk_yaml(value_node, where, locations, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            where = f"{path}[{i}]"
            locations.setdefault(where, item.start_mark.line + 1)
            _walk_yaml(item, where, locations, seen)


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SyntaxProblem("syntax", exc.lineno, exc.msg) from None
    except RecursionError:
        raise SyntaxProblem("nesting") from None
    except (ValueError, OverflowError) as exc:  # an integer past Python's digit limit
        raise SyntaxProblem("syntax", _long_number_line(text), str(exc)[:200]) from None
    walker = _JsonLines(text)
    try:
        walker.value(0, "")
    except RecursionError:
        raise SyntaxProblem("nesting") from None
    return data, walker.locations


def _long_number_line(text):
    found = _LONG_DIGITS.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


class _JsonLines:
    """A walk over text json.loads has already accepted, noting where each key and list item starts."""

    def __init__(self, text):
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.decoder = json.JSONDecoder()
        self.locations = {}

    def line(self, pos):
        return bisect.bisect_left(self.newlines, pos) + 1

    def skip(self, pos):
        return _SPACE.match(self.text, pos).end()

    def value(self, pos, path):
        """Walk the value at `pos`; return the position after it."""
        pos = self.skip(pos)
        self.locations.setdefault(path, self.line(pos))
        opening = self.text[pos]
        if opening == "{":
            return self._object(pos + 1, path)
        if opening == "[":
            return self._array(pos + 1, path)
        return self.decoder.raw_decode(self.text, pos)[1]

    def _object(self, pos, path):
        pos = self.skip(pos)
        if self.text[pos] == "}":
            return pos + 1
        while True:
            pos = self.skip(pos)
            key, after = json.decoder.scanstring(self.text, pos + 1)
            where = _join(path, key)
            self.locations[where] = self.line(pos)
            pos = self.skip(after) + 1  # the colon
            pos = self.skip(self._value_of_key(pos, where))
            if self.text[pos] == "}":
                return pos + 1
            pos += 1  # the comma

    def _value_of_key(self, pos, where):
        """Walk a key's value without moving the key's own line to the value's line."""
        line = self.locations[where]
        end = self.value(pos, where)
        self.locations[where] = line
        return end

    def _array(self, pos, path):
        pos = self.skip(pos)
        if self.text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.skip(pos)
            where = f"{path}[{index}]"
            self.locations[where] = self.line(pos)
            pos = self.skip(self.value(pos, where))
            if self.text[pos] == "]":
                return pos + 1
            pos, index = pos + 1, index + 1
