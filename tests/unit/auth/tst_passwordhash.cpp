// PasswordHash: Depot's PBKDF2 hashes and RabbitMQ's salted SHA-256/512
// hashes, made and checked. The fixed vectors were computed independently
// with Python's hashlib (sha256, sha512, pbkdf2_hmac), so these tests check
// Depot against another implementation, not against itself.

#include "broker/auth/PasswordHash.h"

#include <QTest>
#include <QtEndian>

using namespace depot::auth;

class tst_PasswordHash final : public QObject
{
    Q_OBJECT

private slots:
    void depotHashVerifies()
    {
        const PasswordHash hash = hashPassword(QStringLiteral("s3cret"), MinPbkdf2Iterations);
        QCOMPARE(hash.algorithm, QString(DepotPbkdf2Sha256));
        QString error;
        QVERIFY2(checkHash(hash, &error), qPrintable(error));
        QVERIFY(verifyPassword(hash, QStringLiteral("s3cret")));
        QVERIFY(!verifyPassword(hash, QStringLiteral("s3cret ")));
        QVERIFY(!verifyPassword(hash, QStringLiteral("S3cret")));
        QVERIFY(!verifyPassword(hash, QString()));
        QVERIFY(!hash.hash.contains(QStringLiteral("s3cret")));
    }

    void depotHashRecordsItsIterations()
    {
        const PasswordHash hash = hashPassword(QStringLiteral("pw"));
        const QByteArray raw = QByteArray::fromBase64(hash.hash.toLatin1());
        QCOMPARE(raw.size(), 4 + 16 + 32);
        QCOMPARE(qFromBigEndian<quint32>(raw.constData()), DefaultPbkdf2Iterations);
        QVERIFY(verifyPassword(hash, QStringLiteral("pw")));
    }

    void saltsDiffer()
    {
        // The same password twice gives two hashes: the salt is random.
        const PasswordHash a = hashPassword(QStringLiteral("same"), MinPbkdf2Iterations);
        const PasswordHash b = hashPassword(QStringLiteral("same"), MinPbkdf2Iterations);
        QVERIFY(a.hash != b.hash);
        QVERIFY(rabbitHash(QStringLiteral("same")).hash != rabbitHash(QStringLiteral("same")).hash);
    }

    void knownVectors_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("hash");
        QTest::addColumn<QString>("password");
        // salt 908DC60A + "test12", the worked example of RabbitMQ's format
        QTest::addRow("rabbit sha256") << QString(RabbitSha256) << "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR"
                                       << "test12";
        QTest::addRow("rabbit sha256 utf-8")
            << QString(RabbitSha256) << "AQIDBPwtq5ZIwNBPpzi5rjcenzm3jkMbdjQ9/km2mOuj20ER"
            << QStringLiteral("p\u00e4ssw\u00f6rd");
        QTest::addRow("rabbit sha512")
            << QString(RabbitSha512)
            << "kI3GChuNuIYf8lRbCCxZjgjKwsY19ns6+uFO0zcXRBGA/XGJPYD8OWMy7EB8TaOmAzjP2azv84GbINYwX2cDWb4DHnc="
            << "test12";
        // hashlib.pbkdf2_hmac('sha256', b'correct horse', bytes(range(16)), 1000, 32)
        QTest::addRow("depot pbkdf2") << QString(DepotPbkdf2Sha256)
                                      << "AAAD6AABAgMEBQYHCAkKCwwNDg/JFMxPBsxuj0bRV+Ohtap6vO67F7sERM1MSsFsoq6YZA=="
                                      << "correct horse";
    }

    void knownVectors()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, hash);
        QFETCH(QString, password);
        const PasswordHash h{algorithm, hash};
        QString error;
        QVERIFY2(checkHash(h, &error), qPrintable(error));
        QVERIFY(verifyPassword(h, password));
        QVERIFY(!verifyPassword(h, password + QLatin1Char('x')));
        QVERIFY(!verifyPassword(h, password.left(password.size() - 1)));
    }

    void rabbitHashesVerify()
    {
        for (const QLatin1StringView algorithm : {RabbitSha256, RabbitSha512}) {
            const PasswordHash hash = rabbitHash(QStringLiteral("guest"), algorithm);
            QCOMPARE(hash.algorithm, QString(algorithm));
            QVERIFY(checkHash(hash, nullptr));
            QVERIFY(verifyPassword(hash, QStringLiteral("guest")));
            QVERIFY(!verifyPassword(hash, QStringLiteral("guesT")));
        }
    }

    void decoyMatchesNothingAndIsCostly()
    {
        const PasswordHash decoy = decoyHash(MinPbkdf2Iterations);
        QVERIFY(checkHash(decoy, nullptr));
        QVERIFY(isCostly(decoy));
        QVERIFY(!verifyPassword(decoy, QString()));
        QVERIFY(!verifyPassword(decoy, QStringLiteral("pw")));
        QVERIFY(decoyHash(MinPbkdf2Iterations) != decoy);
        QVERIFY(isCostly(hashPassword(QStringLiteral("pw"), MinPbkdf2Iterations)));
        QVERIFY(!isCostly(rabbitHash(QStringLiteral("pw"))));
        QVERIFY(!isCostly(PasswordHash{DepotPbkdf2Sha256, QString()}));
        QVERIFY(!isCostly(PasswordHash{DepotPbkdf2Sha256, QStringLiteral("bm90IGEgaGFzaA==")}));
    }

    void emptyHashLocksTheAccount()
    {
        for (const QLatin1StringView algorithm : {DepotPbkdf2Sha256, RabbitSha256, RabbitSha512}) {
            const PasswordHash hash{algorithm, QString()};
            QVERIFY(checkHash(hash, nullptr));
            QVERIFY(!verifyPassword(hash, QString()));
            QVERIFY(!verifyPassword(hash, QStringLiteral("anything")));
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("hash");
        QTest::addColumn<QString>("errorPart");
        const QString goodSha256 = QStringLiteral("kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR");
        QTest::addRow("unknown algorithm")
            << "rabbit_password_hashing_md5" << goodSha256 << "unknown hashing_algorithm";
        QTest::addRow("empty algorithm") << "" << goodSha256 << "unknown hashing_algorithm";
        QTest::addRow("not base64") << QString(RabbitSha256) << "not*base64!"
                                    << "not valid base64";
        QTest::addRow("sha256 too short") << QString(RabbitSha256) << goodSha256.left(40) << "holds 36 bytes";
        QTest::addRow("sha256 hash as sha512") << QString(RabbitSha512) << goodSha256 << "holds 68 bytes";
        QTest::addRow("pbkdf2 wrong length") << QString(DepotPbkdf2Sha256) << goodSha256 << "holds 52 bytes";
        QByteArray tooMany(52, '\x01');
        qToBigEndian<quint32>(MaxPbkdf2Iterations + 1, tooMany.data());
        QTest::addRow("pbkdf2 too many iterations")
            << QString(DepotPbkdf2Sha256) << QString::fromLatin1(tooMany.toBase64()) << "iterations is outside";
        QByteArray tooFew(52, '\x01');
        qToBigEndian<quint32>(10, tooFew.data());
        QTest::addRow("pbkdf2 too few iterations")
            << QString(DepotPbkdf2Sha256) << QString::fromLatin1(tooFew.toBase64()) << "iterations is outside";
    }

    void malformed()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, hash);
        QFETCH(QString, errorPart);
        QString error;
        QVERIFY(!checkHash({algorithm, hash}, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        // A malformed hash matches nothing, not even what it was made from.
        QVERIFY(!verifyPassword({algorithm, hash}, QStringLiteral("test12")));
    }

    void constantTimeEqualsComparesWholeArrays()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(constantTimeEquals("", ""));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("xbc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
        QVERIFY(!constantTimeEquals("abc", ""));
    }
};

QTEST_GUILESS_MAIN(tst_PasswordHash)
#include "tst_passwordhash.moc"
