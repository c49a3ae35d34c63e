from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
Key = Qt.Key
Mod = Qt.KeyboardModifier

def test_probe(officer, window, desk, qtbot):
    officer.go_to("SV-C1")
    officer.press("2"); print("2", desk.state("SV-C1").status, window.statusBar().currentMessage(), window.summary.index.text())
    officer.press("n"); print("n focus", officer.focus.objectName())
    officer.type("Draft exchanged on 3 Dec; j k n 0 1")
    print("editor", window.review.editor.toPlainText())
    officer.press(Key.Key_Delete); print("after Delete", repr(window.review.editor.toPlainText()), window.statusBar().currentMessage())
    officer.press(Key.Key_Return, Mod.ControlModifier)
    print([n.text for n in desk.notes("SV-C1")], officer.focus.objectName(), officer.current_ref())
    officer.press(Key.Key_S, Mod.AltModifier)
    print("alt+s focus", officer.focus.objectName(), window.filter_bar.status.view().isVisible(), QApplication.activePopupWidget())

def test_probe2(officer, window, desk, qtbot):
    def later():
        w = QApplication.activeModalWidget()
        print("modal", w)
        w.reject()
    QTimer.singleShot(100, later)
    officer.press("?")
    print("done ?")
    QTimer.singleShot(100, later)
    officer.press(Key.Key_F1)
    QTimer.singleShot(100, later)
    officer.press(Key.Key_Question, Mod.ShiftModifier)
    print("done shift ?")
