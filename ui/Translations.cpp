#include "ui/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace depot::ui {

namespace {

constexpr char DepotTranslatorName[] = "depot-translations";

void removeDepotTranslator(QCoreApplication &app)
{
    for (QTranslator *t :
        app.findChildren<QTranslator *>(QLatin1String(DepotTranslatorName), Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

} // namespace

bool installTranslators(QCoreApplication &app, const QLocale &locale)
{
    // Parented to the application: they must live as long as it does.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    // Depot's own strings: the locale's language, else English. English has
    // a translation file too: its plural forms ("1 message", "2 messages"
    // for the source's "%Ln message(s)"); Qt has no English plurals of its own.
    removeDepotTranslator(app);
    auto *depot = new QTranslator(&app);
    depot->setObjectName(QLatin1String(DepotTranslatorName));
    if (depot->load(locale, QStringLiteral("depot"), QStringLiteral("_"), QStringLiteral(":/depot/translations"))) {
        QCoreApplication::installTranslator(depot);
        return true;
    }
    if (depot->load(QStringLiteral(":/depot/translations/depot_en.qm")))
        QCoreApplication::installTranslator(depot);
    else
        delete depot;
    return false;
}

void ensureEnglishPlurals(QCoreApplication &app)
{
    if (!app.findChild<QTranslator *>(QLatin1String(DepotTranslatorName), Qt::FindDirectChildrenOnly))
        installTranslators(app, QLocale(QLocale::English, QLocale::UnitedStates));
}

} // namespace depot::ui
