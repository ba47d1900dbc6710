// Translations: German and Japanese are compiled into the binary, chosen by
// locale, and complete (every string the window shows has a translation).

#include "ui/Translations.h"
#include "ui/views/MainWindow.h"
#include "ui/views/PublishDialog.h"

#include <QApplication>
#include <QTest>
#include <QLineEdit>
#include <QTranslator>

using namespace depot::ui;

class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compiledIn_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("en") << QStringLiteral(":/depot/translations/depot_en.qm");
        QTest::addRow("de") << QStringLiteral(":/depot/translations/depot_de.qm");
        QTest::addRow("ja") << QStringLiteral(":/depot/translations/depot_ja.qm");
    }

    void compiledIn()
    {
        QFETCH(QString, file);
        QTranslator translator;
        QVERIFY2(translator.load(file), qPrintable(file));
        QVERIFY(!translator.isEmpty());
    }

    void chosenByLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("replay");
        QTest::addRow("de_DE") << "de_DE" << "&Datei" << "Wiedereinspielen";
        QTest::addRow("de_AT") << "de_AT" << "&Datei" << "Wiedereinspielen";
        QTest::addRow("ja_JP") << "ja_JP" << "ファイル(&F)" << "再送";
        QTest::addRow("en_US") << "en_US" << "&File" << "Replay";
    }

    void chosenByLocale()
    {
        QFETCH(QString, locale);
        QFETCH(QString, file);
        QFETCH(QString, replay);
        const QList<QTranslator *> before = qApp->findChildren<QTranslator *>();
        const bool installed = installTranslators(*qApp, QLocale(locale));
        QVERIFY(installed); // English too: its file holds the plural forms
        QCOMPARE(QCoreApplication::translate("depot::ui::MainWindow", "&File"), file);
        QCOMPARE(QCoreApplication::translate("depot::ui::MessageInspector", "Replay"), replay);
        // Plurals come out right too.
        if (locale.startsWith(QStringLiteral("de"))) {
            QCOMPARE(QCoreApplication::translate("depot::ui::MessageBrowser", "%Ln message(s)", nullptr, 3),
                QStringLiteral("3 Nachrichten"));
        }
        if (locale.startsWith(QStringLiteral("en"))) {
            QCOMPARE(QCoreApplication::translate("depot::ui::MessageBrowser", "%Ln message(s)", nullptr, 1),
                QStringLiteral("1 message"));
            QCOMPARE(QCoreApplication::translate("depot::ui::MessageBrowser", "%Ln message(s)", nullptr, 3),
                QStringLiteral("3 messages"));
        }
        for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
            if (!before.contains(t)) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
    }

    void dialogIsTranslated()
    {
        installTranslators(*qApp, QLocale(QStringLiteral("de_DE")));
        PublishDialog dialog({QString()});
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Nachricht veröffentlichen"));
        dialog.routingKeyEdit()->clear();
        QVERIFY(dialog.validationError().startsWith(QStringLiteral("Der Standard-Exchange")));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
