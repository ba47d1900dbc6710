// Built into every Depot executable of a sanitizer or fuzzing build (see
// CommonConfig.cmake), so tests, `depot` and the fuzzers need no
// LSAN_OPTIONS to run clean.
//
// Suppressed, none of it Depot's: OpenSSL's process-wide state, which Qt's
// OpenSSL TLS backend creates (QAbstractHttpServer's constructor builds a
// QSslConfiguration, which loads the backend) and never frees before exit.
// Depot itself never calls OpenSSL.

extern "C" const char *__lsan_default_suppressions()
{
    return "leak:libcrypto.so\n"
           "leak:libssl.so\n"
           "leak:libqopensslbackend.so\n";
}
