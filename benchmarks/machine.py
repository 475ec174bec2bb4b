"""The machine a benchmark ran on: CPU, cores, memory, OS and the versions that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import psutil

from benchmarks.units import GiB


def _cpu_model() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    fields: dict[str, str] = {}
    for line in info.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name", "unknown")
    detail = f"family {fields.get('cpu family', '?')} model {fields.get('model', '?')}"
    if "hypervisor" in fields.get("flags", "").split():
        detail += ", virtual machine"
    return f"{name} ({detail})"


def _os() -> str:
    try:
        fields = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        name = fields.get("PRETTY_NAME", "").strip('"')
    except OSError:
        name = platform.system()
    return f"{name} (kernel {platform.release()})"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _chromium(path: str = "/usr/bin/chromium") -> str:
    try:
        out = subprocess.run([path, "--version"], check=False, capture_output=True, text=True, timeout=30).stdout
        return out.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not installed"


def describe() -> dict[str, str]:
    """Machine and software, as shown at the top of RESULTS.md."""
    from graph import __version__
    from graph.nlp.pipeline import find_model

    model = find_model()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": f"{_cpu_model()} ({platform.machine()})",
        "Cores": f"{cores} usable ({psutil.cpu_count(logical=False)} physical, {psutil.cpu_count()} logical)",
        "RAM": f"{psutil.virtual_memory().total / GiB:.1f} GiB",
        "OS": _os(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "ActorGraph": __version__,
        "spaCy": _version("spacy"),
        "Model": f"{model} {_version(model)}",
        "rdflib": _version("rdflib"),
        "pyoxigraph": _version("pyoxigraph"),
        "dask.distributed": _version("distributed"),
        "Chromium": _chromium(),
    }
