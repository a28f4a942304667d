"""Turning a Python exception into the intake's `exception.values`: the chain, each with frames oldest first."""

import linecache
import os
import sysconfig

MAX_FRAMES = 100  # a RecursionError has ~1000; keep the first and last half, the ingest caps again anyway
MAX_CHAIN = 10
MAX_VALUE_CHARS = 2048
MAX_LINE_CHARS = 256

_LIBRARY_DIR_NAMES = ("site-packages", "dist-packages")


def _stdlib_dirs():
    dirs = set()
    for key in ("stdlib", "platstdlib"):
        try:
            path = sysconfig.get_paths()[key]
        except Exception:  # sysconfig can fail on odd installations; then the os module's folder still tells
            continue
        dirs.add(os.path.normcase(os.path.abspath(path)) + os.sep)
    dirs.add(os.path.normcase(os.path.dirname(os.path.abspath(os.__file__))) + os.sep)
    return tuple(sorted(dirs, key=len, reverse=True))


class FrameClassifier:
    """Decides a frame's stable `filename` and whether it is app code.

    The filename must survive a deploy (no release folder in it), so: relative to the app root for files
    under it; relative to site-/dist-packages or the standard library for library files; otherwise derived
    from the module name, which does not depend on where the code was unpacked.
    """

    def __init__(self, app_root):
        self._app_root = os.path.normcase(os.path.abspath(app_root)) + os.sep if app_root else None
        self._stdlib = _stdlib_dirs()
        self._cache = {}

    def classify(self, abs_path, module):
        key = (abs_path, module)
        found = self._cache.get(key)
        if found is None:
            found = self._classify(abs_path, module)
            if len(self._cache) < 4096:  # bounded: a process only has so many source files
                self._cache[key] = found
        return found

    def _classify(self, abs_path, module):
        if abs_path.startswith("<"):  # "<frozen importlib._bootstrap>", "<string>", "<template>"
            return abs_path, not abs_path.startswith("<frozen")
        normalized = os.path.normcase(abs_path)
        parts = normalized.replace("\\", "/").split("/")
        for name in _LIBRARY_DIR_NAMES:
            if name in parts:
                index = len(parts) - 1 - parts[::-1].index(name)
                return "/".join(abs_path.replace("\\", "/").split("/")[index + 1:]), False
        if self._app_root and normalized.startswith(self._app_root):
            return abs_path[len(self._app_root):].replace("\\", "/"), not _is_sdk(module)
        for stdlib in self._stdlib:
            if normalized.startswith(stdlib):
                return abs_path[len(stdlib):].replace("\\", "/"), False
        return _path_from_module(abs_path, module), not _is_sdk(module)


def _is_sdk(module):
    return module == "fivehundreds" or (module or "").startswith("fivehundreds.")


def _path_from_module(abs_path, module):
    base = os.path.basename(abs_path)
    if not module or module == "__main__":
        return base
    if base == "__init__.py":
        return module.replace(".", "/") + "/__init__.py"
    return module.replace(".", "/") + os.path.splitext(base)[1]


def exception_values(exc, classifier, context_lines):
    """The chain as the intake wants it: the cause first, the exception raised last at the end."""
    chain = []
    seen = set()
    current = exc
    while current is not None and id(current) not in seen and len(chain) < MAX_CHAIN:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return [_exception_value(e, classifier, context_lines) for e in reversed(chain)]


def _exception_value(exc, classifier, context_lines):
    kind = type(exc)
    try:
        value = str(exc)
    except Exception:  # a broken __str__ must not lose the event
        value = "<unprintable %s>" % kind.__name__
    value = {
        "type": kind.__name__,
        "value": value[:MAX_VALUE_CHARS],
        "module": kind.__module__,
    }
    frames = stack_frames(exc.__traceback__, classifier, context_lines)
    if frames:
        value["stacktrace"] = {"frames": frames}
    return value


def stack_frames(tb, classifier, context_lines):
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    if len(entries) > MAX_FRAMES:
        half = MAX_FRAMES // 2
        entries = entries[:half] + entries[-half:]
    return [_frame(frame, lineno, classifier, context_lines) for frame, lineno in entries]


def _frame(frame, lineno, classifier, context_lines):
    code = frame.f_code
    abs_path = code.co_filename
    if not abs_path.startswith("<"):
        abs_path = os.path.abspath(abs_path)
    module = frame.f_globals.get("__name__")
    filename, in_app = classifier.classify(abs_path, module)
    result = {
        "filename": filename,
        "abs_path": abs_path,
        "function": code.co_name,
        "module": module if isinstance(module, str) else None,
        "lineno": lineno,
        "in_app": in_app,
    }
    if context_lines and lineno and not abs_path.startswith("<"):
        _add_context(result, abs_path, lineno, context_lines, frame.f_globals)
    return result


def _add_context(result, abs_path, lineno, count, module_globals):
    lines = linecache.getlines(abs_path, module_globals)
    if not lines or lineno > len(lines):
        return
    index = lineno - 1
    result["pre_context"] = [_line(l) for l in lines[max(0, index - count):index]]
    result["context_line"] = _line(lines[index])
    result["post_context"] = [_line(l) for l in lines[index + 1:index + 1 + count]]


def _line(text):
    return text.rstrip("\r\n")[:MAX_LINE_CHARS]
