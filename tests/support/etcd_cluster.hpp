// A real etcd cluster (Debian's etcd-server) on 127.0.0.1, for the inventory tests: each
// member on its own free client and peer ports, data under the test's directory, killed
// with the fixture. Members can be killed, frozen and brought back to play faults.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "adapters/process/posix_process_runner.hpp"
#include "support/commands.hpp"

namespace girofle::testing {

// Clients reach the members over TLS and must present a certificate the CA signed (peers
// still talk plain HTTP on 127.0.0.1).
struct EtcdTls {
    std::filesystem::path ca_cert;                   // trusted for client certificates
    std::filesystem::path server_cert, server_key;   // for IP 127.0.0.1
    std::filesystem::path client_cert, client_key;   // what etcdctl presents
};

class EtcdCluster {
public:
    static const std::vector<std::string> kPrograms;  // etcd, etcdctl

    // Starts `members` members and waits until the cluster has a leader; throws when it
    // does not within 30 s.
    explicit EtcdCluster(const std::filesystem::path& dir, int members = 1,
                         std::optional<EtcdTls> tls = std::nullopt);
    ~EtcdCluster();
    EtcdCluster(const EtcdCluster&) = delete;
    EtcdCluster& operator=(const EtcdCluster&) = delete;

    std::vector<std::string> endpoints() const;  // "127.0.0.1:PORT" of each member
    std::string endpoint_list() const;           // joined with ","
    std::string url(const std::string& fleet) const { return "etcd://" + endpoint_list() + "/" + fleet; }

    void kill_member(int index);    // SIGKILL, as a crash would
    void freeze_member(int index);  // SIGSTOP: etcd stopped answering, with its state kept
    void thaw_member(int index);    // SIGCONT
    void restart_member(int index); // starts a killed member again on its old data

    // etcdctl against every member, as an independent observer of what Girofle wrote.
    CommandResult etcdctl(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) const;
    // Waits until every running member reports healthy; false after `seconds`.
    bool wait_healthy(int seconds = 30) const;

private:
    struct Member {
        std::string name;
        int client_port = 0;
        int peer_port = 0;
        std::optional<ChildProcess> process;
    };
    void start_member(Member& member, bool existing);
    std::string client_url(int port) const;
    std::vector<std::string> etcdctl_tls_flags() const;

    std::filesystem::path dir_;
    std::vector<Member> members_;
    std::string initial_cluster_;
    std::optional<EtcdTls> tls_;
};

}  // namespace girofle::testing
