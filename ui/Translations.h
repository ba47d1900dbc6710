#pragma once

// Depot's translations (German, Japanese) are compiled into the binary by
// qt_add_translations; this installs the one matching the locale, with Qt's
// own translations for standard dialogs when the system has them.

#include <QLocale>

class QCoreApplication;

namespace depot::ui {

// Call once after constructing the QApplication, before creating windows.
// Returns true when a Depot translation for `locale` was installed (English
// needs none).
bool installTranslators(QCoreApplication &app, const QLocale &locale = QLocale());

} // namespace depot::ui
