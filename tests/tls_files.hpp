// Throw-away TLS files for tests, made with the openssl command: a CA, a server certificate it
// signed (for IP 127.0.0.1 only), and an unrelated CA that must be refused.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace hall::testing {

struct TlsFiles {
    std::string ca;        // the CA that signed the server's certificate
    std::string other_ca;  // a CA that signed nothing here
    std::string cert;      // the server's certificate: subjectAltName IP:127.0.0.1
    std::string key;
};

inline TlsFiles make_tls_files(const std::filesystem::path& dir) {
    auto at = [&](const char* name) { return (dir / name).string(); };
    TlsFiles files{at("ca.crt"), at("other-ca.crt"), at("server.crt"), at("server.key")};
    const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::string script =
        "set -e; cd '" + dir.string() + "'; exec 2>openssl.log >&2;" +
        // Two CAs; only the first signs the server's certificate.
        "openssl req -x509 " + ec +
        " -keyout ca.key -out ca.crt -days 2 -subj '/CN=Test Hall CA';" + "openssl req -x509 " +
        ec + " -keyout other-ca.key -out other-ca.crt -days 2 -subj '/CN=Other CA';" +
        "openssl req " + ec + " -keyout server.key -out server.csr -subj '/CN=hall server';" +
        "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext;" +
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile server.ext -out server.crt";
    if (std::system(script.c_str()) != 0)
        throw std::runtime_error("openssl could not make the test certificates: see " +
                                 at("openssl.log"));
    return files;
}

// A hall_server settings file at `path` that turns TLS on with these files.
inline std::string write_tls_config(const std::string& path, const TlsFiles& files) {
    std::ofstream(path) << "[tls]\ncert = \"" << files.cert << "\"\nkey = \"" << files.key
                        << "\"\n";
    return path;
}

}  // namespace hall::testing
