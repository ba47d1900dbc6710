#include "ui/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace depot::ui {

bool installTranslators(QCoreApplication &app, const QLocale &locale)
{
    // Parented to the application: they must live as long as it does.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    auto *depot = new QTranslator(&app);
    if (depot->load(locale, QStringLiteral("depot"), QStringLiteral("_"), QStringLiteral(":/depot/translations"))) {
        QCoreApplication::installTranslator(depot);
        return true;
    }
    delete depot;
    return false;
}

} // namespace depot::ui
