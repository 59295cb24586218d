#include "support/etcd_cluster.hpp"

#include <signal.h>

#include <stdexcept>
#include <thread>

#include "support/loopback_port.hpp"

namespace girofle::testing {

const std::vector<std::string> EtcdCluster::kPrograms = {"etcd", "etcdctl"};

namespace {
std::string peer_url(int port) { return "http://127.0.0.1:" + std::to_string(port); }
}  // namespace

EtcdCluster::EtcdCluster(const std::filesystem::path& dir, int members, std::optional<EtcdTls> tls)
    : dir_(dir), tls_(std::move(tls)) {
    std::filesystem::create_directories(dir_);
    for (int i = 0; i < members; ++i) {
        Member member;
        member.name = "m" + std::to_string(i);
        member.client_port = free_loopback_port();
        do member.peer_port = free_loopback_port();
        while (member.peer_port == member.client_port);
        initial_cluster_ += (initial_cluster_.empty() ? "" : ",") + member.name + "=" + peer_url(member.peer_port);
        members_.push_back(std::move(member));
    }
    for (auto& member : members_) start_member(member, false);
    if (!wait_healthy()) throw std::runtime_error("etcd cluster in " + dir_.string() + " did not become healthy");
}

EtcdCluster::~EtcdCluster() {
    for (auto& member : members_)
        if (member.process) {
            ::kill(member.process->pid(), SIGCONT);
            ::kill(member.process->pid(), SIGKILL);
            member.process->wait();
        }
}

std::string EtcdCluster::client_url(int port) const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port);
}

std::vector<std::string> EtcdCluster::etcdctl_tls_flags() const {
    if (!tls_) return {};
    return {"--cacert=" + tls_->ca_cert.string(), "--cert=" + tls_->client_cert.string(),
            "--key=" + tls_->client_key.string()};
}

void EtcdCluster::start_member(Member& member, bool existing) {
    const std::string client = client_url(member.client_port);
    std::vector<std::string> argv = {"etcd", "--name", member.name, "--data-dir", (dir_ / member.name).string(),
                                     "--listen-client-urls", client, "--advertise-client-urls", client,
                                     "--listen-peer-urls", peer_url(member.peer_port),
                                     "--initial-advertise-peer-urls", peer_url(member.peer_port),
                                     "--initial-cluster", initial_cluster_,
                                     "--initial-cluster-state", existing ? "existing" : "new",
                                     "--initial-cluster-token", dir_.filename().string(),
                                     "--logger", "zap", "--log-outputs", (dir_ / (member.name + ".log")).string()};
    if (tls_)
        argv.insert(argv.end(), {"--cert-file", tls_->server_cert.string(), "--key-file", tls_->server_key.string(),
                                 "--trusted-ca-file", tls_->ca_cert.string(), "--client-cert-auth"});
    auto child = start_process({.argv = argv, .capture_output = false});
    if (!child) throw std::runtime_error(child.error().message());
    member.process.emplace(std::move(*child));
    if (!wait_for_listener(member.client_port, std::chrono::seconds(20)))
        throw std::runtime_error("etcd member " + member.name + " did not listen");
}

std::vector<std::string> EtcdCluster::endpoints() const {
    std::vector<std::string> list;
    for (const auto& member : members_) list.push_back("127.0.0.1:" + std::to_string(member.client_port));
    return list;
}

std::string EtcdCluster::endpoint_list() const {
    std::string joined;
    for (const auto& endpoint : endpoints()) joined += (joined.empty() ? "" : ",") + endpoint;
    return joined;
}

void EtcdCluster::kill_member(int index) {
    auto& member = members_.at(static_cast<std::size_t>(index));
    if (!member.process) return;
    ::kill(member.process->pid(), SIGKILL);
    member.process->wait();
    member.process.reset();
}

void EtcdCluster::freeze_member(int index) {
    ::kill(members_.at(static_cast<std::size_t>(index)).process->pid(), SIGSTOP);
}

void EtcdCluster::thaw_member(int index) {
    ::kill(members_.at(static_cast<std::size_t>(index)).process->pid(), SIGCONT);
}

void EtcdCluster::restart_member(int index) {
    auto& member = members_.at(static_cast<std::size_t>(index));
    if (!member.process) start_member(member, true);
}

CommandResult EtcdCluster::etcdctl(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env) const {
    std::string urls;
    for (const auto& member : members_) urls += (urls.empty() ? "" : ",") + client_url(member.client_port);
    std::vector<std::string> argv = {"etcdctl", "--endpoints=" + urls, "--dial-timeout=3s",
                                     "--command-timeout=5s"};
    const auto tls_flags = etcdctl_tls_flags();
    argv.insert(argv.end(), tls_flags.begin(), tls_flags.end());
    argv.insert(argv.end(), args.begin(), args.end());
    std::map<std::string, std::string> with_api = env;
    with_api["ETCDCTL_API"] = "3";
    return run_command(argv, with_api, {}, 60);
}

bool EtcdCluster::wait_healthy(int seconds) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        std::vector<std::string> running;
        for (const auto& member : members_)
            if (member.process) running.push_back(client_url(member.client_port));
        std::string joined;
        for (const auto& endpoint : running) joined += (joined.empty() ? "" : ",") + endpoint;
        std::vector<std::string> argv = {"etcdctl", "--endpoints=" + joined, "--dial-timeout=2s",
                                         "--command-timeout=3s"};
        const auto tls_flags = etcdctl_tls_flags();
        argv.insert(argv.end(), tls_flags.begin(), tls_flags.end());
        argv.insert(argv.end(), {"endpoint", "health"});
        auto health = run_command(argv, {{"ETCDCTL_API", "3"}}, {}, 30);
        if (health.status == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

}  // namespace girofle::testing
