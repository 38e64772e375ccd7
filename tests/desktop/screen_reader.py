"""What a screen reader gets from the desktop program over AT-SPI (through its ATK bridge):
the controls with roles, names, values and states, the results as text, the status line; a
value set and a button pressed through AT-SPI operate the program, and the keyboard's focus
is reported. Prints the tree by role. Run by screen_reader.sh inside a D-Bus session."""
import subprocess
import sys
import time

import pyatspi

failures = []


def check(ok, message):
    print(('ok   ' if ok else 'FAIL ') + message)
    if not ok:
        failures.append(message)


def children(frame):
    return [c for c in frame if c is not None]


def wait_for(what, seconds=10.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.2)
    return None


def find(frame, role, name=None, prefix=None):
    for child in children(frame):
        if child.getRoleName() != role:
            continue
        if (name is None or child.name == name) and (prefix is None or child.name.startswith(prefix)):
            return child
    return None


def application():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == 'ConvScope':
            return app
    return None


app = wait_for(application, 20.0)
check(app is not None, 'the program is on the accessibility bus as "ConvScope"')
if app is None:
    sys.exit(1)
time.sleep(1.0)  # the first frames settle
frame = app[0]
roles = {}
for child in children(frame):
    roles[child.getRoleName()] = roles.get(child.getRoleName(), 0) + 1
print('desktop tree: ' + str(roles))

stride = find(frame, 'slider', 'stride S')
value = stride.queryValue() if stride else None
check(value is not None and value.currentValue == 1 and value.minimumValue == 1 and value.maximumValue > 1,
      'the stride is a slider named "stride S" with value 1 and its range')
check(find(frame, 'paragraph', prefix='every dimension:  O = ') is not None and
      find(frame, 'paragraph', 'Output 3×3') is not None,
      'the formula and the output size are paragraphs')
table = find(frame, 'table', 'Output values')
check(table is not None and '35, 40, 45' in table.description, 'the output values are a table read as its rows')
check(find(frame, 'combo box', 'type') is not None and find(frame, 'check box', 'same for every dimension') is not None,
      'the layer type is a combo box, "same for every dimension" a check box')

value.currentValue = 2
status = wait_for(lambda: (find(frame, 'status bar') or None) if (find(frame, 'status bar') or frame).name == 'Output size 2×2.' else None)
check(status is not None and find(frame, 'paragraph', 'Output 2×2') is not None,
      'setting the stride to 2 through AT-SPI: the status bar says "Output size 2×2." and the text "Output 2×2"')

button = find(frame, 'push button', 'S=2, P=1')
check(button is not None and button.queryAction().doAction(0), 'the button "S=2, P=1" is pressed through AT-SPI')
check(wait_for(lambda: find(frame, 'paragraph', 'Output 3×3')) is not None, 'and the output becomes 3×3')

subprocess.run(['xdotool', 'key', '--delay', '150', 'Tab'], check=True)
focused = wait_for(lambda: next((c for c in children(frame)
                                 if c.getState().contains(pyatspi.STATE_FOCUSED)), None))
check(focused is not None and focused.name == 'D=2, P=2' and focused.getRoleName() == 'push button',
      'the press left the keyboard focus on "S=2, P=1"; Tab moves it to the next button, and '
      f'AT-SPI reports that one focused ({focused.name if focused else None})')
sys.exit(1 if failures else 0)
