#pragma once

// Light and dark palettes. "System" keeps the palette the platform gave the
// application at start-up (Qt 6.4 has no colour-scheme hint to follow live;
// the platform's palette is how the system's choice reaches Qt there).

#include <QString>

class QApplication;

namespace depot::ui {

enum class ThemeMode { System, Light, Dark };

void applyTheme(ThemeMode mode);
ThemeMode currentTheme();
QString themeKey(ThemeMode mode);            // for QSettings
ThemeMode themeFromKey(const QString &key);  // unknown keys: System
bool systemPrefersDark();

} // namespace depot::ui
