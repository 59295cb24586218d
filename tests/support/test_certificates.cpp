#include "support/test_certificates.hpp"

#include <stdexcept>

#include "support/commands.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace {

void openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run_command(argv, {}, {}, 60);
    if (result.status != 0) throw std::runtime_error("openssl " + args.front() + " failed: " + result.err);
}

// A self-signed CA certificate and its key.
void make_ca(const std::filesystem::path& cert, const std::filesystem::path& key, const std::string& name) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
             key.string(), "-out", cert.string(), "-days", "1", "-subj", "/CN=" + name,
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
}

// A key and a certificate signed by the CA, with the given X.509 v3 extensions.
void make_signed(const std::filesystem::path& directory, const std::string& name, const std::string& extensions) {
    const auto key = directory / (name + ".key"), csr = directory / (name + ".csr"),
               ext = directory / (name + ".ext");
    write_file(ext, extensions);
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.string(),
             "-out", csr.string(), "-subj", "/CN=girofle-test-" + name});
    openssl({"x509", "-req", "-in", csr.string(), "-CA", (directory / "ca.crt").string(), "-CAkey",
             (directory / "ca.key").string(), "-CAcreateserial", "-days", "1", "-extfile", ext.string(), "-out",
             (directory / (name + ".crt")).string()});
    std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace

TestCertificates make_test_certificates(const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    make_ca(directory / "ca.crt", directory / "ca.key", "girofle-test-ca");
    make_ca(directory / "other-ca.crt", directory / "other-ca.key", "girofle-test-other-ca");
    make_signed(directory, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    make_signed(directory, "client", "extendedKeyUsage=clientAuth\n");
    return {.ca_cert = directory / "ca.crt",
            .server_cert = directory / "server.crt",
            .server_key = directory / "server.key",
            .client_cert = directory / "client.crt",
            .client_key = directory / "client.key",
            .other_ca_cert = directory / "other-ca.crt"};
}

}  // namespace girofle::testing
