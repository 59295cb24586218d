#include "support/git_http_server.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <thread>

#include "support/loopback_port.hpp"
#include "support/temp_dir.hpp"

namespace girofle::testing {
namespace fs = std::filesystem;

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr const char* kFcgiwrap = "/usr/sbin/fcgiwrap";
constexpr const char* kHttpBackend = "/usr/lib/git-core/git-http-backend";

}  // namespace

const std::vector<std::string> GitHttpServer::kPrograms = {kNginx, kFcgiwrap, kHttpBackend,
                                                           "htpasswd"};

GitHttpServer::GitHttpServer(const fs::path& dir, std::string user, std::string password)
    : GitServer(dir / "repositories"), user_(std::move(user)), password_(std::move(password)) {
    // The password goes to htpasswd on stdin, never on its command line.
    PosixProcessRunner runner;
    auto hashed = runner.run({.argv = {"htpasswd", "-i", "-c", (dir / "htpasswd").string(), user_},
                              .stdin_data = password_});
    if (!hashed || !hashed->succeeded()) throw std::runtime_error("htpasswd failed");

    const fs::path socket = dir / "fcgiwrap.sock";
    fcgiwrap_.emplace(start({kFcgiwrap, "-c", "2", "-s", "unix:" + socket.string()}));
    for (int i = 0; i < 200 && !fs::exists(socket); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));

    port_ = free_loopback_port();
    write_file(dir / "nginx.conf", fmt::format(R"(
daemon off;
master_process off;
user root;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  fastcgi_temp_path {dir}/fastcgi;
  proxy_temp_path {dir}/proxy;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 0;
    location / {{
      auth_basic "girofle test";
      auth_basic_user_file {dir}/htpasswd;
      fastcgi_pass unix:{socket};
      fastcgi_param SCRIPT_FILENAME {backend};
      fastcgi_param GIT_PROJECT_ROOT {repositories};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_param PATH_INFO $uri;
      fastcgi_param QUERY_STRING $args;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param HTTP_CONTENT_ENCODING $http_content_encoding;
      fastcgi_param GIT_PROTOCOL $http_git_protocol;
    }}
  }}
}}
)",
                                               fmt::arg("dir", dir.string()),
                                               fmt::arg("port", port_),
                                               fmt::arg("socket", socket.string()),
                                               fmt::arg("backend", kHttpBackend),
                                               fmt::arg("repositories", repositories().string())));
    nginx_.emplace(start({kNginx, "-p", dir.string(), "-c", (dir / "nginx.conf").string(), "-e",
                          (dir / "nginx-error.log").string()}));
    if (!wait_for_listener(port_))
        throw std::runtime_error("nginx did not listen on 127.0.0.1:" + std::to_string(port_) +
                                 ": " + read_file(dir / "nginx-error.log"));
}

std::string GitHttpServer::url(const std::string& repository) const {
    return fmt::format("http://127.0.0.1:{}/{}", port_, repository);
}

std::map<std::string, std::string> GitHttpServer::client_environment() const {
    return {{"GIROFLE_GIT_USERNAME", user_}, {"GIROFLE_GIT_PASSWORD", password_}};
}

}  // namespace girofle::testing
