"""The floor for the desk's start-up: a minimal PySide6 window, started the same way.

A ``QMainWindow`` holding one ``QLabel``, the desk's first-start size (1280 x 800,
no larger than the screen), shown; when it first paints it prints one line and
quits, exactly as ``vision-desk --smoke`` does (``paintEvent`` -> print ->
``QTimer.singleShot(0, quit)``). Nothing else: no fonts loaded, no data, no
project imports. ``bench_desk.py`` starts it as a whole process and times it
from outside, next to the desk.

    .venv/bin/python benchmarks/bare_window.py
"""

from __future__ import annotations

import sys
import time

# As early as possible, as vision_desk/main.py does for --smoke.
STARTED = time.perf_counter()

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402


class BareWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Bare window")
        self.setCentralWidget(QLabel("A bare PySide6 window"))
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            elapsed = time.perf_counter() - STARTED
            print(f"smoke: bare window painted in {elapsed:.3f} s", flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    application = QApplication(sys.argv[:1])
    window = BareWindow()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    window.resize(min(1280, screen.width()), min(800, screen.height()))
    window.show()
    return application.exec()


if __name__ == "__main__":
    sys.exit(main())
