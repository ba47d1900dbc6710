#pragma once

// Depot's translations (English plural forms, German, Japanese) are compiled into the binary by
// qt_add_translations; this installs the one matching the locale, with Qt's
// own translations for standard dialogs when the system has them.

#include <QLocale>
#include <algorithm>
#include <climits>

class QCoreApplication;

namespace depot::ui {

// Call once after constructing the QApplication, before creating windows.
// Returns true when a Depot translation for `locale` was installed (English
// included: its file holds the plural forms); otherwise English is installed.
bool installTranslators(QCoreApplication &app, const QLocale &locale = QLocale());
// Installs the English translation unless a Depot translation is installed:
// a window made without installTranslators (tests, embedding) still says
// "1 message", not "1 message(s)".
void ensureEnglishPlurals(QCoreApplication &app);

// The n that chooses a plural form (tr's int) for a count of any size: the
// count itself is shown through %1 with QLocale's grouping, so counts past
// INT_MAX still read right ("%1 message(s)" with pluralCount(n)).
inline int pluralCount(quint64 n)
{
    return int(std::min<quint64>(n, INT_MAX));
}

} // namespace depot::ui
