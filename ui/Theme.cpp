#include "ui/Theme.h"

#include <QApplication>
#include <QEvent>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QScopedValueRollback>
#include <QTimer>

#include <optional>

namespace depot::ui {

namespace {

ThemeMode g_current = ThemeMode::System;
std::function<QPalette()> g_systemSource;
bool g_applying = false;   // our own setPalette() sends ApplicationPaletteChange too

// The platform's palette now: a palette with no role of its own resolves
// entirely against the platform theme's when set on the application.
QPalette platformPalette()
{
    QPalette p = QApplication::palette();
    p.setResolveMask(0);
    return p;
}

bool isDark(const QPalette &p)
{
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

// Re-applies "follow system" when the platform's theme or palette changes.
// Events for every object pass an application's filter; the re-apply is
// coalesced into one per event-loop turn.
class SystemThemeFollower final : public QObject
{
public:
    explicit SystemThemeFollower(QObject *parent)
        : QObject(parent)
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(0);
        connect(&m_timer, &QTimer::timeout, this, [] {
            if (g_current == ThemeMode::System)
                applyTheme(ThemeMode::System);
        });
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if ((type == QEvent::ThemeChange || type == QEvent::ApplicationPaletteChange) && !g_applying
            && g_current == ThemeMode::System)
            m_timer.start();
        return QObject::eventFilter(watched, event);
    }

private:
    QTimer m_timer;
};

void followSystemChanges()
{
    static SystemThemeFollower *follower = nullptr;
    if (follower || !qApp)
        return;
    follower = new SystemThemeFollower(qApp);
    qApp->installEventFilter(follower);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x26, 0x28, 0x2c);
    const QColor base(0x1d, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2d, 0x31));
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x30, 0x33, 0x38));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x36, 0x3b));
    p.setColor(QPalette::Mid, QColor(0x22, 0x24, 0x27));
    p.setColor(QPalette::Dark, QColor(0x16, 0x17, 0x19));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x60, 0xa5, 0xfa));
    p.setColor(QPalette::LinkVisited, QColor(0xa7, 0x8b, 0xfa));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    return p;
}

QPalette lightPalette()
{
    QPalette p = QApplication::style()->standardPalette();
    p.setColor(QPalette::Highlight, QColor(0x25, 0x63, 0xeb));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf4, 0xf6, 0xf8));
    return p;
}

} // namespace

void setSystemPaletteSource(std::function<QPalette()> source)
{
    g_systemSource = std::move(source);
}

bool systemPrefersDark()
{
    return isDark(g_systemSource ? g_systemSource() : platformPalette());
}

void applyTheme(ThemeMode mode)
{
    followSystemChanges();
    const QScopedValueRollback applying(g_applying, true);
    if (QApplication::style()->name() != u"fusion")
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    g_current = mode;
    switch (mode) {
    case ThemeMode::System: {
        // Back to the platform's palette first, so its current colours show.
        QApplication::setPalette(g_systemSource ? g_systemSource() : platformPalette());
        if (isDark(QApplication::palette()))
            QApplication::setPalette(darkPalette());
        break;
    }
    case ThemeMode::Light:
        QApplication::setPalette(lightPalette());
        break;
    case ThemeMode::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
}

ThemeMode currentTheme()
{
    return g_current;
}

QString themeKey(ThemeMode mode)
{
    switch (mode) {
    case ThemeMode::Light: return QStringLiteral("light");
    case ThemeMode::Dark: return QStringLiteral("dark");
    case ThemeMode::System: break;
    }
    return QStringLiteral("system");
}

ThemeMode themeFromKey(const QString &key)
{
    if (key == u"light")
        return ThemeMode::Light;
    if (key == u"dark")
        return ThemeMode::Dark;
    return ThemeMode::System;
}

} // namespace depot::ui
