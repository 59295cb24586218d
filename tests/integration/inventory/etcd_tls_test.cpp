// An etcd inventory over TLS with client certificate authentication, with certificates made
// for the test: Girofle commissions and lists through it with the files girofle.json names,
// and a CA that did not sign the server's certificate fails in one line naming etcd.
#include "integration/gitlab_fixture.hpp"
#include "support/etcd_cluster.hpp"
#include "support/required_programs.hpp"
#include "support/test_certificates.hpp"

namespace girofle {
namespace {

class EtcdTlsInventory : public testing::GitlabTest {};

void expect_one_line_about_etcd(const testing::CommandResult& result) {
    EXPECT_EQ(result.status, 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("girofle: error: inventory etcd://")) << result.err;
    EXPECT_NE(result.err.find(": etcd 127.0.0.1:"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_F(EtcdTlsInventory, CommissionAndListThroughClientCertificatesAndAWrongCaFailsInOneLine) {
    GIROFLE_REQUIRE_DOCKER();
    GIROFLE_REQUIRE_PROGRAMS("etcd", "etcdctl", "openssl");
    const auto certificates = testing::make_test_certificates(scratch() / "pki");
    testing::EtcdCluster cluster(scratch() / "etcd", 1,
                                 testing::EtcdTls{.ca_cert = certificates.ca_cert,
                                                  .server_cert = certificates.server_cert,
                                                  .server_key = certificates.server_key,
                                                  .client_cert = certificates.client_cert,
                                                  .client_key = certificates.client_key});
    const nlohmann::json tls = {{"ca_file", certificates.ca_cert.string()},
                                {"cert_file", certificates.client_cert.string()},
                                {"key_file", certificates.client_key.string()}};
    write_root_config({{"inventory", cluster.url("secure")}, {"etcd", tls}});

    auto record = commission({"--name", "tls", "--ip", "127.0.0.73", "--schedule", "none"});
    ASSERT_FALSE(record.empty());
    auto listed = girofle({"--json", "list"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    const auto document = listed.json();
    ASSERT_EQ(document["instances"].size(), 1u) << listed.out;
    EXPECT_EQ(document["instances"][0]["name"], "tls");
    EXPECT_EQ(document["instances"][0]["live_state"].get<std::string>().rfind("running", 0), 0u) << listed.out;
    // What etcd itself holds, read with etcdctl over the same TLS.
    auto stored = cluster.etcdctl({"get", "--print-value-only", "/girofle/secure/instances/1"});
    ASSERT_EQ(stored.status, 0) << stored.err;
    EXPECT_EQ(nlohmann::json::parse(stored.out)["ip"], "127.0.0.73");

    // Plain HTTP against the TLS listener gets no answer Girofle can use.
    write_root_config({{"inventory", cluster.url("secure")}});
    expect_one_line_about_etcd(girofle({"list"}));
    // Trusting a CA that did not sign the server's certificate.
    nlohmann::json wrong_ca = tls;
    wrong_ca["ca_file"] = certificates.other_ca_cert.string();
    write_root_config({{"inventory", cluster.url("secure")}, {"etcd", wrong_ca}});
    const std::string keys_before = cluster.etcdctl({"get", "--prefix", "/girofle/secure/"}).out;
    auto refused = girofle({"list"});
    expect_one_line_about_etcd(refused);
    EXPECT_NE(refused.err.find("certificate"), std::string::npos) << refused.err;
    expect_one_line_about_etcd(girofle({"backup", "tls"}));
    EXPECT_EQ(cluster.etcdctl({"get", "--prefix", "/girofle/secure/"}).out, keys_before);
    EXPECT_EQ(testing::run_command({"docker", "inspect", "-f", "{{.State.Running}} {{.State.Paused}}",
                                    record["container"].get<std::string>()}).out,
              "true false\n");
    // No client certificate: etcd drops the connection, and the line says what to check.
    nlohmann::json no_client = {{"ca_file", certificates.ca_cert.string()}};
    write_root_config({{"inventory", cluster.url("secure")}, {"etcd", no_client}});
    auto anonymous = girofle({"list"});
    expect_one_line_about_etcd(anonymous);
    EXPECT_NE(anonymous.err.find("client certificate"), std::string::npos) << anonymous.err;
}

}  // namespace
}  // namespace girofle
