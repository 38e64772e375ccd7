"""Checks that the first frame's font atlas holds every character the interface draws.

The atlas of the first frame is made from the glyphs of src/app/widgets/CMakeLists.txt's
drawn_glyphs alone (the rest of Latin-1 and Greek, for typed text, comes a frame later). A
character in one of the interface's strings, or in an exercise card, outside that list
would be drawn as '?' in the first frame. This reads every string literal of the C++
sources under src/ and every string of web/exercises/*.json, and names each character that
is missing, with where it was found.

usage: drawn_glyphs_check.py SOURCE_DIR "0x0020-0x007E;0x00B2;..."
"""
import json
import pathlib
import sys


def parse_ranges(text):
    ranges = []
    for item in text.split(';'):
        first, _, last = item.partition('-')
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


def cpp_literals(source):
    """Yields (line, text) for each string or character literal of a C++ source."""
    i, line, n = 0, 1, len(source)
    while i < n:
        c = source[i]
        if c == '\n':
            line += 1
            i += 1
        elif source.startswith('//', i):
            i = source.find('\n', i)
            i = n if i < 0 else i
        elif source.startswith('/*', i):
            end = source.find('*/', i + 2)
            end = n if end < 0 else end + 2
            line += source.count('\n', i, end)
            i = end
        elif c == 'R' and source.startswith('"', i + 1) and (i == 0 or not source[i - 1].isalnum()):
            open_paren = source.find('(', i + 2)
            delimiter = ')' + source[i + 2:open_paren] + '"'
            end = source.find(delimiter, open_paren)
            end = n if end < 0 else end
            yield line, source[open_paren + 1:end]
            line += source.count('\n', i, end)
            i = end + len(delimiter)
        elif c in '"\'':
            start = i
            i += 1
            while i < n and source[i] != c and source[i] != '\n':
                i += 2 if source[i] == '\\' else 1
            yield line, source[start + 1:i]
            i += 1
        else:
            i += 1


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)


def main():
    root = pathlib.Path(sys.argv[1])
    ranges = parse_ranges(sys.argv[2])
    drawn = lambda ch: any(first <= ord(ch) <= last for first, last in ranges)
    seen, missing = set(), []
    sources = sorted(p for p in (root / 'src').rglob('*') if p.suffix in ('.cpp', '.h'))
    for path in sources:
        for line, text in cpp_literals(path.read_text(encoding='utf-8')):
            for ch in text:
                seen.add(ch)
                if not drawn(ch):
                    missing.append(f'{path.relative_to(root)}:{line}: U+{ord(ch):04X} {ch!r}')
    cards = sorted((root / 'web' / 'exercises').glob('*.json'))
    for path in cards:
        for text in json_strings(json.loads(path.read_text(encoding='utf-8'))):
            for ch in text:
                seen.add(ch)
                if not drawn(ch) and ch not in '\n\t':
                    missing.append(f'{path.relative_to(root)}: U+{ord(ch):04X} {ch!r}')
    non_ascii = sorted(ch for ch in seen if ord(ch) > 0x7E)
    print(f'{len(sources)} C++ files and {len(cards)} exercise files read; '
          f'{len(non_ascii)} characters beyond ASCII in their strings: {"".join(non_ascii)}')
    if not sources or not cards or not non_ascii:
        print('FAIL: found nothing to check (is SOURCE_DIR the project root?)')
        return 1
    if missing:
        print(f'FAIL: {len(missing)} characters the interface draws are not in drawn_glyphs '
              '(src/app/widgets/CMakeLists.txt); add them there:')
        print('\n'.join(missing[:40]))
        return 1
    print('every character is in drawn_glyphs')
    return 0


if __name__ == '__main__':
    sys.exit(main())
