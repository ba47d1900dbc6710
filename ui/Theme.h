#pragma once

// Light and dark palettes. "System" uses the platform's palette (Depot's
// own dark palette when the platform's is dark) and follows it live: Qt 6.4
// has no colour-scheme hint, so a filter on the application watches for
// QEvent::ThemeChange and ApplicationPaletteChange and re-applies.

#include <QPalette>
#include <QString>

#include <functional>

namespace depot::ui {

enum class ThemeMode { System, Light, Dark };

void applyTheme(ThemeMode mode);
ThemeMode currentTheme();
QString themeKey(ThemeMode mode);            // for QSettings
ThemeMode themeFromKey(const QString &key);  // unknown keys: System
bool systemPrefersDark();

// Where "follow system" reads the system's palette. The default asks Qt for
// the platform's current palette; tests pass their own to play a system
// that switches between light and dark. An empty function restores the default.
void setSystemPaletteSource(std::function<QPalette()> source);

} // namespace depot::ui
