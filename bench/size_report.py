#!/usr/bin/python3
"""What the page weighs and where the bytes come from: each file of a first visit and the
deferred part of the program (raw and gzip -9), each section of both wasm files, and the
largest contributors by part of the program and by function, first visit and deferred, read
with wabt's wasm-objdump from the whole program as linked with function names (which the
build leaves in page-split/ before it splits it, cmake/SplitPage.cmake).

usage: bench/size_report.py [build/web]
"""
import collections
import gzip
import pathlib
import re
import subprocess
import sys

FIRST_VISIT = ["index.html", "convscope.js", "convscope.wasm"]
PAGE_SPLIT = pathlib.Path(__file__).resolve().parent.parent / "cmake" / "page-split"
FIRST_VISIT_FUNCTIONS = PAGE_SPLIT / "first-visit-functions.txt"
FEATURES = (PAGE_SPLIT / "binaryen-features.txt").read_text().split()
TOP_FUNCTIONS = 25

# Parts of the program, first match wins, tested on demangled names.
PARTS = [
    ("ConvScope core: kernels", r"^convscope::kernels::"),
    ("ConvScope core: JSON API", r"^convscope::(\w+_ops::|.*nlohmann)"),
    ("ConvScope app", r"^convscope::app::"),
    ("ConvScope platform", r"^(convscope::platform::|main\b|main::)"),
    ("ConvScope core", r"^convscope::"),
    ("nlohmann-json", r"nlohmann::"),
    ("Dear ImGui", r"^(ImGui|Im[A-Z]\w*|stbtt_|stb_textedit|stbrp_|STB_TEXTEDIT|ImFont|igImpl)"),
    ("SDL2", r"^(SDL_|Emscripten_|SDL2|\w*Blit)"),
    ("libc++", r"^(std::|__cxa|__cxx|operator new|operator delete|__gxx|_Unwind|__cxxabiv1)"),
    ("libc, malloc", r"^(__|_|[a-z]+\w*$|dlmalloc|emscripten_|sbrk|memcpy|memset|strlen)"),
]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def sections(wasm: pathlib.Path):
    """(name, start, end) of each section, from `wasm-objdump -h`."""
    out = subprocess.run(["wasm-objdump", "-h", str(wasm)], check=True, capture_output=True,
                         text=True).stdout
    pattern = re.compile(r"^\s*(\w+) start=0x([0-9a-f]+) end=0x([0-9a-f]+).*?(?:\"(.*)\")?$")
    for line in out.splitlines():
        match = pattern.match(line)
        if match:
            name = match.group(1) if match.group(1) != "Custom" else f"custom {match.group(4)}"
            yield name, int(match.group(2), 16), int(match.group(3), 16)


def function_sizes(wasm: pathlib.Path):
    """(bytes, demangled name, first visit?) of every function body: sizes from
    `wasm-objdump -x`, and whether cmake/page-split/first-visit-functions.txt keeps it in
    convscope.wasm, by binaryen's names of the same functions (`wasm-opt --print-function-map`)."""
    out = subprocess.run(["wasm-objdump", "-x", "-j", "Code", str(wasm)], check=True,
                         capture_output=True, text=True).stdout
    rows = re.findall(r"^ - func\[(\d+)\] size=(\d+)(?: <(.*)>)?$", out, re.MULTILINE)
    names = subprocess.run(["c++filt"], input="\n".join(n or "?" for _, _, n in rows),
                           check=True, capture_output=True, text=True).stdout.splitlines()
    binaryen = subprocess.run(["wasm-opt", *FEATURES, str(wasm), "--print-function-map"], check=True,
                              capture_output=True, text=True).stdout.splitlines()
    binaryen_name = dict(line.split(":", 1) for line in binaryen if ":" in line)
    kept = set(FIRST_VISIT_FUNCTIONS.read_text().splitlines())
    return [(int(size), name, binaryen_name.get(index) in kept)
            for (index, size, _), name in zip(rows, names)]


def part_of(name: str) -> str:
    for part, pattern in PARTS:
        if re.search(pattern, name):
            return part
    return "other"


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/web")
    dist = root / "dist"
    print("First visit (what a static host sends; gzip -9 as a server would compress it)")
    raw_total = gz_total = 0
    for name in FIRST_VISIT:
        data = (dist / name).read_bytes()
        raw_total += len(data)
        gz_total += gzip_size(data)
        print(f"  {name:16} {len(data):>10,} B   gzip {gzip_size(data):>9,} B")
    print(f"  {'total':16} {raw_total:>10,} B   gzip {gz_total:>9,} B")

    deferred_file = next(dist.glob("convscope.deferred.*.wasm"))
    deferred = deferred_file.read_bytes()
    print(f"When the reader turns to the figure (points at it, touches it, presses a key)\n"
          f"  {deferred_file.name:16} {len(deferred):>10,} B   gzip {gzip_size(deferred):>9,} B")

    for name in ["convscope.wasm", deferred_file.name]:
        wasm = dist / name
        data = wasm.read_bytes()
        print(f"\n{name} by section")
        for section, start, end in sections(wasm):
            part = data[start:end]
            print(f"  {section:16} {len(part):>10,} B   gzip {gzip_size(part):>9,} B")

    named = root / "page-split" / "convscope.named.wasm"
    if not named.exists():
        print(f"\n(no {named}: build the page for the contributors)")
        return 0
    functions = function_sizes(named)
    print(f"\nCode by part of the program ({len(functions)} functions; raw bytes of function "
          "bodies: all, then the first visit's and the deferred part's)")
    by_part = collections.Counter()
    first = collections.Counter()
    count = collections.Counter()
    for size, name, kept in functions:
        part = part_of(name)
        by_part[part] += size
        count[part] += 1
        if kept:
            first[part] += size
    code_total = sum(by_part.values())
    for part, size in by_part.most_common():
        print(f"  {part:26} {size:>10,} B  {100 * size / code_total:5.1f} %  ({count[part]:>4} functions)"
              f"   first visit {first[part]:>9,} B   deferred {size - first[part]:>9,} B")
    kept_total = sum(first.values())
    print(f"  {'total':26} {code_total:>10,} B            "
          f"first visit {kept_total:>9,} B   deferred {code_total - kept_total:>9,} B")
    print(f"\nLargest {TOP_FUNCTIONS} functions")
    for size, name, kept in sorted(functions, reverse=True)[:TOP_FUNCTIONS]:
        shown = name if len(name) <= 100 else name[:97] + "..."
        print(f"  {size:>8,} B  {'first' if kept else 'later'}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
