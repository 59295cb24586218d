// Certificates made on the fly with the openssl command for TLS tests on 127.0.0.1: a CA,
// a server certificate for IP 127.0.0.1 and a client certificate it signed, and a second,
// unrelated CA (the wrong one to trust). P-256 keys, valid for one day, keys mode 0600.
#pragma once

#include <filesystem>

namespace girofle::testing {

struct TestCertificates {
    std::filesystem::path ca_cert;
    std::filesystem::path server_cert, server_key;
    std::filesystem::path client_cert, client_key;
    std::filesystem::path other_ca_cert;  // signed nothing here
};

// Writes them into `directory` (created); throws std::runtime_error with openssl's own
// message when a step fails.
TestCertificates make_test_certificates(const std::filesystem::path& directory);

}  // namespace girofle::testing
